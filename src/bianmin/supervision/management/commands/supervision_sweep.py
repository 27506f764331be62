"""``bianmin supervision_sweep [--date YYYY-MM-DD]``: write the yellow and red cards earned by today.

Idempotent: a card is written once per subject, rule and level; the pages are correct without it (they
derive the same set), the command makes the records permanent so supervisors can decide them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bianmin.supervision.actions import sweep_all


class Command(BaseCommand):
    help = "Write the e-supervision cards (黄牌/红牌) earned by today; safe to run again."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="the day to sweep for (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        today = timezone.localdate(now)
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be YYYY-MM-DD") from exc
        written = sweep_all(today, now)
        self.stdout.write(f"{written} card(s) written for {today:%Y-%m-%d}")
