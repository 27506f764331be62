"""Remove files held for online application forms that were never submitted again (暂存的上传材料).

Idempotent and safe to run at any time; nothing is wrong when it has not run: a held file is only ever
read back by the form that holds its token. Run it daily from cron, e.g. ``15 0 * * * bianmin
discard_pending_uploads``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bianmin.cases.actions import discard_stale_uploads


class Command(BaseCommand):
    help = "Remove uploads held for online application forms older than --hours (default 24)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=24, help="keep files held for less than this")

    def handle(self, *args: Any, hours: int, **options: Any) -> None:
        removed = discard_stale_uploads(max_age=dt.timedelta(hours=max(hours, 0)))
        self.stdout.write(f"removed {removed} held upload(s)")
