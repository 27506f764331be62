"""``bianmin schedule_market_days``: plan each center's market days (赶场日) of a month, from ``Org.market_days``.

Run it monthly from cron (e.g. ``0 6 20 * *  bianmin schedule_market_days`` plans next month on the 20th).
Idempotent: a day already planned is left as it is. Nothing is wrong when it has not run: a center can plan
its month from the 赶场服务 page, and a day can be planned by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from bianmin.orgs.models import Org
from bianmin.outreach.actions import schedule_month
from bianmin.outreach.selectors import CENTER_KINDS


def _month(value: str) -> tuple[int, int]:
    try:
        first = dt.datetime.strptime(value, "%Y-%m")  # noqa: DTZ007 - a month, no time
    except ValueError as exc:
        raise CommandError(f"--month 应为 YYYY-MM：{value}") from exc
    return first.year, first.month


class Command(BaseCommand):
    help = "按各中心的赶场日安排一个月的赶场服务（默认下个月；可重复运行）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="YYYY-MM，默认下个月")
        parser.add_argument("--center", help="只安排这个中心（行政区划代码）")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["month"]:
            year, month = _month(options["month"])
        else:
            first = timezone.localdate(now).replace(day=1) + dt.timedelta(days=32)
            year, month = first.year, first.month
        centers = Org.objects.filter(kind__in=CENTER_KINDS).order_by("path")
        if options["center"]:
            centers = centers.filter(code=options["center"])
            if not centers.exists():
                raise CommandError(f"没有这个中心：{options['center']}")
        total = 0
        for org in centers:
            if not org.market_days:
                continue
            created = schedule_month(org, year, month, now=now)
            total += len(created)
            if created:
                days = "、".join(f"{e.date:%d}" for e in created)
                self.stdout.write(
                    f"{org.name}：{year}-{month:02d} 新安排 {len(created)} 个赶场日（{days}日）"
                )
        self.stdout.write(f"共新安排 {total} 个赶场日。")
