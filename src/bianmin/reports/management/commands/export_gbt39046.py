"""``bianmin export_gbt39046 --org CODE --period YYYY-MM|YYYY-Qn|YYYY --out FILE``: the period's cases as GB/T
39046-2020 data items (``reports.gbt39046``), one JSON array, written a chunk of cases at a time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bianmin.lib.errors import DomainError
from bianmin.lib.periods import parse_period
from bianmin.orgs.models import Org
from bianmin.reports.gbt39046 import records


class Command(BaseCommand):
    help = "Export a period's cases as GB/T 39046 JSON for the provincial platform."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--org", required=True, help="code of a county, town center or village station")
        parser.add_argument("--period", required=True, help="YYYY-MM, YYYY-Qn or YYYY")
        parser.add_argument("--out", required=True, help="file to write (- for standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
        except DomainError as e:
            raise CommandError(str(e.message)) from None
        org = Org.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(f"no org with code {options['org']}")
        if options["out"] == "-":
            count = self._write(self.stdout, org, period)
        else:
            path = Path(options["out"])
            partial = path.with_name(path.name + ".partial")
            with partial.open("w", encoding="utf-8") as out:
                count = self._write(out, org, period)
            partial.replace(path)  # a crash half-way leaves no truncated file under the real name
            self.stderr.write(f"{count} cases written to {path}")

    def _write(self, out: Any, org: Org, period: Any) -> int:
        count = 0
        out.write("[")
        for record in records(org, period):
            out.write(("," if count else "") + "\n" + json.dumps(record, ensure_ascii=False))
            count += 1
        out.write("\n]\n")
        return count
