"""``bianmin attendance_alerts [--center CODE] [--since YYYY-MM-DD]``: record the 空岗提醒 of today's half
days so far (from ``--since`` to catch up after the command did not run).

Run it every few minutes during office hours (cron). Idempotent: one alert per window, day and half day,
however often it runs; the pages show empty windows live without it, the command keeps the month's
history (and who acknowledged each) after the window is staffed again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bianmin.attendance.actions import record_empty_window_alerts
from bianmin.orgs.models import Org, OrgKind


class Command(BaseCommand):
    help = "Record the empty-window alerts (空岗提醒) of today's half days so far; safe to run again."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--center", help="division code of one center (default: every center with windows)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        centers = Org.objects.filter(kind__in=(OrgKind.COUNTY, OrgKind.TOWN), windows__active=True).distinct()
        if options.get("center"):
            centers = centers.filter(code=options["center"])
            if not centers.exists():
                raise CommandError(f"no center with windows has the code {options['center']}")
        since = None
        if options.get("since"):
            try:
                since = dt.date.fromisoformat(options["since"])
            except ValueError as exc:
                raise CommandError("--since must be YYYY-MM-DD") from exc
        written = sum(record_empty_window_alerts(org, now, since=since) for org in centers.order_by("path"))
        self.stdout.write(
            f"{written} empty-window alert(s) written at {timezone.localtime(now):%Y-%m-%d %H:%M}"
        )
