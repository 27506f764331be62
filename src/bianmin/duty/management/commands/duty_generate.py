"""``bianmin duty_generate``: fill each center's and station's roster (值班表) of a month from its rotations.

Run it monthly from cron (e.g. ``0 6 20 * *  bianmin duty_generate`` fills next month on the 20th).
Idempotent: a day that already has its duty — generated or edited by hand — is left as it is. Nothing is
wrong when it has not run: the roster page shows the days still 未排班 and the director can generate or
edit them there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from bianmin.duty.actions import generate_month
from bianmin.duty.models import DutyRotation
from bianmin.duty.selectors import parse_month
from bianmin.orgs.models import Org


class Command(BaseCommand):
    help = "按轮值顺序生成一个月的值班表（默认下个月；可重复运行，不覆盖手工编排）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="YYYY-MM，默认下个月")
        parser.add_argument("--org", help="只生成这个单位（行政区划代码）")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["month"]:
            parsed = parse_month(options["month"])
            if parsed is None:
                raise CommandError(f"--month 应为 YYYY-MM：{options['month']}")
            year, month = parsed
        else:
            first = timezone.localdate(now).replace(day=1) + dt.timedelta(days=32)
            year, month = first.year, first.month
        orgs = Org.objects.filter(
            pk__in=DutyRotation.objects.filter(members__isnull=False).values("org_id")
        ).order_by("path")
        if options["org"]:
            orgs = orgs.filter(code=options["org"])
            if not orgs.exists():
                raise CommandError(f"该单位没有轮值顺序：{options['org']}")
        total = 0
        for org in orgs:
            created = generate_month(org, year, month, now=now)
            total += len(created)
            if created:
                self.stdout.write(f"{org.name}：{year}-{month:02d} 新排 {len(created)} 个班次")
        self.stdout.write(f"共新排 {total} 个班次。")
