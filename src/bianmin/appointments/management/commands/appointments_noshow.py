"""``bianmin appointments_noshow [--center CODE]``: record as no-shows (爽约) the bookings whose slot has ended
without an arrival.

Run it every half hour or once after closing time (cron). Idempotent: a booking is recorded once however often
it runs; the pages and the online-booking block read such bookings as no-shows without it."""

from __future__ import annotations

import datetime as dt

from bianmin.appointments.actions import record_no_shows
from bianmin.appointments.management.center import CenterCommand
from bianmin.orgs.models import Org


class Command(CenterCommand):
    help = "Record no-shows of bookings whose slot has ended without an arrival; safe to run again."
    done = "{n} no-show(s) recorded at {at}"

    def run(self, now: dt.datetime, org: Org | None) -> int:
        return record_no_shows(now, org=org)
