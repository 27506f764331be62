"""``bianmin disclosure_publish [--quarter YYYY-Qn] [--org CODE]``: freeze a quarter that is over as each
center's published disclosure (办结公告存档, 000 篇7 办事结果每季度滚动性向群众公开).

Idempotent: a quarter already published is left as it was, so cron may run it daily. Without ``--quarter``
it publishes the last quarter. A center that concluded nothing in the quarter gets no snapshot (its page
still answers, live). The public pages are correct without this command; it only keeps what was shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bianmin.disclosure.actions import publish_centers
from bianmin.disclosure.selectors import CENTER_KINDS
from bianmin.lib.errors import DomainError
from bianmin.lib.periods import parse_period, quarter_of
from bianmin.orgs.models import Org


class Command(BaseCommand):
    help = "Freeze a past quarter's public disclosure of every center (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quarter", help="YYYY-Qn (default: the last quarter)")
        parser.add_argument("--org", help="code of one center")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        today = timezone.localdate(now)
        try:
            period = (
                parse_period(options["quarter"])
                if options.get("quarter")
                else quarter_of(quarter_of(today).first - dt.timedelta(days=1))
            )
        except DomainError as e:
            raise CommandError(str(e.message)) from None
        if period.kind != "quarter":
            raise CommandError("--quarter takes YYYY-Qn")
        code = options.get("org")
        if code and not Org.objects.filter(kind__in=CENTER_KINDS, code=code).exists():
            raise CommandError(f"no center with code {code}")
        try:
            written, kept = publish_centers(period, now=now, code=code or None)
        except DomainError as e:
            raise CommandError(str(e.message)) from None
        self.stdout.write(f"{period.key}: {written} published, {kept} already published")
