"""``bianmin reports_rollup [--since DATE] [--org CODE]``: rebuild the statistics' daily rollups.

Idempotent; run nightly (the default rebuilds from the first day of last month, so late changes to last
month's cases — a rating found malicious, a window assigned late — reach the rollups before the month's
report). Pages never depend on it: days it has not covered are counted from the ledger.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bianmin.orgs.models import Org
from bianmin.reports.actions import rebuild_rollups


class Command(BaseCommand):
    help = "Rebuild the statistics' daily rollups from the ledger (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--since", help="first day to rebuild, YYYY-MM-DD (default: first of last month)")
        parser.add_argument("--org", help="a center's (or county's) code; default every center")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["since"]:
            try:
                since = dt.date.fromisoformat(options["since"])
            except ValueError:
                raise CommandError("--since must be YYYY-MM-DD") from None
        else:
            since = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        org = None
        if options["org"]:
            org = Org.objects.filter(code=options["org"]).first()
            if org is None:
                raise CommandError(f"no org with code {options['org']}")
        for done in rebuild_rollups(since, org=org, today=today):
            self.stdout.write(f"{done.center.code} {done.first}..{done.last}: {done.rows} rows")
