"""``bianmin demo``: build (or refresh) the demo network and print the demo accounts."""

from django.core.management.base import BaseCommand
from django.db import transaction

from bianmin.demo.build import COUNT_LABELS, build_demo, print_accounts
from bianmin.demo.history import build_history


class Command(BaseCommand):
    help = (
        "创建或更新演示数据：县级中心、乡镇便民服务中心、村便民服务站、窗口、工作人员和事项目录（可重复运行）"
    )

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        # One transaction: a failure half-way leaves the database as it was, not a half-built demo.
        with transaction.atomic():
            result = build_demo()
            history = build_history()
        # Printed after the commit, so the accounts shown are accounts that exist.
        print_accounts(self.stdout)
        self.stdout.write(
            f"演示数据就绪：组织 {result['orgs']} 个，窗口 {result['windows']} 个，"
            f"工作人员 {result['staff']} 名，窗口岗位 {result['window_posts']} 个，"
            f"事项 {result['items']} 项。"
        )
        if history:
            self.stdout.write(f"已生成近一个月的办件记录 {history} 件。")
        created, updated = _counts(result["created"]), _counts(result["updated"])
        self.stdout.write(f"本次新建：{created}；本次更新：{updated}。")


def _counts(counts: dict[str, int]) -> str:
    return "，".join(f"{COUNT_LABELS.get(k, k)} {v}" for k, v in counts.items()) or "无"
