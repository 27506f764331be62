"""``bianmin appointments_remind [--center CODE]``: an SMS reminder (预约提醒) to everyone booked for the next
working day.

Run it once a day, e.g. at 16:00 (cron). Idempotent: each booking is reminded of its day once however often
it runs; a booking moved to another day is reminded again of the new day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bianmin.appointments.actions import remind_upcoming
from bianmin.appointments.selectors import center_by_code


class Command(BaseCommand):
    help = "Request an SMS reminder for each booking of the next working day; safe to run again."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--center", help="division code of one center (default: every center)")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        org = None
        if options.get("center"):
            org = center_by_code(options["center"])
            if org is None:
                raise CommandError(f"no center has the code {options['center']}")
        requested = remind_upcoming(now, org=org)
        self.stdout.write(f"{requested} reminder(s) requested at {timezone.localtime(now):%Y-%m-%d %H:%M}")
