"""``bianmin appointments_noshow [--center CODE]``: record as no-shows (爽约) the bookings whose slot has ended
without an arrival.

Run it every half hour or once after closing time (cron). Idempotent: a booking is recorded once however often
it runs; the pages and the online-booking block read such bookings as no-shows without it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bianmin.appointments.actions import record_no_shows
from bianmin.appointments.selectors import center_by_code


class Command(BaseCommand):
    help = "Record no-shows of bookings whose slot has ended without an arrival; safe to run again."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--center", help="division code of one center (default: every center)")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        org = None
        if options.get("center"):
            org = center_by_code(options["center"])
            if org is None:
                raise CommandError(f"no center has the code {options['center']}")
        written = record_no_shows(now, org=org)
        self.stdout.write(f"{written} no-show(s) recorded at {timezone.localtime(now):%Y-%m-%d %H:%M}")
