"""``bianmin performance_score --month YYYY-MM``: write the month's automatic score entries of every center
(or ``--org CODE``) from every source; idempotent, so cron may run it daily and again after late records.
Without ``--month`` it scores last month and this one (a complaint upheld in the new month still counts for
the month it was received in)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bianmin.lib.errors import DomainError
from bianmin.lib.periods import parse_period
from bianmin.orgs.models import Org, OrgKind
from bianmin.performance.actions import ensure_seed_tables, score_month


class Command(BaseCommand):
    help = "Write a month's automatic assessment entries (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--month", help="YYYY-MM (default: this month)")
        parser.add_argument("--org", help="code of one center or station")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        this_month = timezone.localdate(now).replace(day=1)
        last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
        texts = [options["month"]] if options.get("month") else [f"{last_month:%Y-%m}", f"{this_month:%Y-%m}"]
        periods = []
        for text in texts:
            try:
                period = parse_period(text)
            except DomainError as e:
                raise CommandError(str(e.message)) from None
            if period.kind != "month":
                raise CommandError("--month takes YYYY-MM")
            periods.append(period)
        ensure_seed_tables()
        orgs = Org.objects.exclude(kind=OrgKind.COUNTY).order_by("path", "pk")
        if options.get("org"):
            orgs = orgs.filter(code=options["org"])
            if not orgs.exists():
                raise CommandError(f"no org with code {options['org']}")
        for period in periods:
            total = sum(score_month(org, period.first, now=now) for org in orgs)
            self.stdout.write(f"{period.key}: {total} entries written")
