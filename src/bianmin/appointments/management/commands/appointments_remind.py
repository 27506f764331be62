"""``bianmin appointments_remind [--center CODE]``: an SMS reminder (预约提醒) to everyone booked for the next
working day.

Run it once a day, e.g. at 16:00 (cron). Idempotent: each booking is reminded of its day once however often
it runs; a booking moved to another day is reminded again of the new day."""

from __future__ import annotations

import datetime as dt

from bianmin.appointments.actions import remind_upcoming
from bianmin.appointments.management.center import CenterCommand
from bianmin.orgs.models import Org


class Command(CenterCommand):
    help = "Request an SMS reminder for each booking of the next working day; safe to run again."
    done = "{n} reminder(s) requested at {at}"

    def run(self, now: dt.datetime, org: Org | None) -> int:
        return remind_upcoming(now, org=org)
