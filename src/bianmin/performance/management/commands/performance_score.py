"""``bianmin performance_score --month YYYY-MM``: write the month's automatic score entries of every center
(or ``--org CODE``) from every source; idempotent, so cron may run it daily and again after late records."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Org, OrgKind
from bianmin.performance.actions import ensure_seed_tables, score_month
from bianmin.performance.periods import parse_period


class Command(BaseCommand):
    help = "Write a month's automatic assessment entries (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--month", help="YYYY-MM (default: this month)")
        parser.add_argument("--org", help="code of one center or station")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        month_text = options.get("month") or timezone.localtime(now).strftime("%Y-%m")
        try:
            period = parse_period(month_text)
        except DomainError as e:
            raise CommandError(str(e.message)) from None
        if period.kind != "month":
            raise CommandError("--month takes YYYY-MM")
        ensure_seed_tables()
        orgs = Org.objects.exclude(kind=OrgKind.COUNTY).order_by("path", "pk")
        if options.get("org"):
            orgs = orgs.filter(code=options["org"])
            if not orgs.exists():
                raise CommandError(f"no org with code {options['org']}")
        total = 0
        for org in orgs:
            total += score_month(org, period.first, now=now)
        self.stdout.write(f"{period.key}: {total} entries written")
