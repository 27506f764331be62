"""The appointments commands' shared shape: ``--center CODE`` (one center, else every center) and one
action run at the current time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bianmin.appointments.selectors import center_by_code
from bianmin.orgs.models import Org


class CenterCommand(BaseCommand):
    """``run(now, org)`` does the work and answers how many rows it wrote; ``done`` words that count."""

    done = "{n} done at {at}"

    def run(self, now: dt.datetime, org: Org | None) -> int:
        raise NotImplementedError

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--center", help="division code of one center (default: every center)")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        org = None
        if options.get("center"):
            org = center_by_code(options["center"])
            if org is None:
                raise CommandError(f"no center has the code {options['center']}")
        n = self.run(now, org)
        self.stdout.write(self.done.format(n=n, at=f"{timezone.localtime(now):%Y-%m-%d %H:%M}"))
