"""``bianmin leave_policy <center code> <taihu|zengjia>``: load one of the seeds' leave approval tables for a
center (003 太湖乡 第十七条, 003 曾家镇 第十条), replacing its table; ``--show`` prints the table in force.

Idempotent: loading the same table twice leaves the same rows. A center with no table has its director
approve every leave; the table can be edited in the admin afterwards.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bianmin.attendance.actions import load_policy
from bianmin.attendance.models import LeavePolicy
from bianmin.attendance.policies import PRESETS
from bianmin.orgs.models import Org


class Command(BaseCommand):
    help = "为中心载入请假审批规则（taihu：太湖乡；zengjia：曾家镇）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("center", help="中心的行政区划代码")
        parser.add_argument("preset", nargs="?", choices=sorted(PRESETS), help="要载入的规则")
        parser.add_argument("--show", action="store_true", help="只显示现行规则")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Org.objects.filter(code=options["center"]).first()
        if org is None:
            raise CommandError(f"没有这个中心：{options['center']}")
        if options["preset"] and not options["show"]:
            load_policy(org, options["preset"])
        elif not options["show"]:
            raise CommandError("请指定要载入的规则，或用 --show 查看现行规则")
        for row in LeavePolicy.objects.filter(org=org).order_by("min_half_days"):
            upper = "" if row.max_half_days is None else row.max_half_days
            self.stdout.write(
                f"{row.min_half_days}-{upper} 半天：{row.get_approver_display()} {row.external_body}"
            )
