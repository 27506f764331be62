"""The demo month's assessment (效能评估考核) at 象湖镇 by 003 曾家镇's table: the month scored from the
month's records (confirmed cards, upheld complaints, thanks in ratings, adopted suggestions, one-time-notice
breaches; attendance once the center signs in), a city inspection's praise approved, a warning over games at
work recorded and waiting for the director, so the ranking, the chart and the approval queue are populated;
象湖镇 also uses 太湖乡's cash fines from this month, one of them for a hall left uncleaned."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from bianmin.orgs.models import Org
from bianmin.performance import actions
from bianmin.performance.models import RuleTable, ScoreEntry, Source, TableKind

TOWN = "360781100"


def build_performance(today: dt.date | None = None) -> int:
    """Returns how many entries were written (the scoring part is idempotent; manual ones are added once)."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    actions.ensure_seed_tables()
    town = Org.objects.filter(code=TOWN).first()
    if town is None:
        return 0
    month = today.replace(day=1)
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    written = 0
    _adopt_fines(town, month, today)
    for org in [town, *Org.objects.filter(parent=town).order_by("code")]:
        for m in (previous, month):
            written += actions.score_month(org, m, now=now)
    if ScoreEntry.objects.filter(org=town, source=Source.MANUAL).exists():
        return written
    users = {u.username: u for u in get_user_model().objects.filter(staff__org=town).select_related("staff")}
    director, supervisor = users.get("director"), users.get("supervisor")
    if director is None or supervisor is None:
        return written
    day = max(month, today - dt.timedelta(days=3))
    praised = users.get("xianghu05") or users.get("clerk")
    if praised is not None:
        entry = actions.record_manual(
            actor=supervisor,
            org=town,
            staff=praised.staff,
            rule_code="praised_by_inspection",
            day=day,
            evidence="市政务服务管理局检查组现场检查，书面表扬自然资源窗口一次性告知规范",
            now=now,
        )
        actions.decide(actor=director, entry_id=entry.pk, approve=True, note="有检查通报为据", now=now)
        written += 1
    late = users.get("xianghu02")
    if late is not None:
        actions.record_manual(
            actor=supervisor,
            org=town,
            staff=late.staff,
            rule_code="games_stocks",
            day=day,
            evidence="督查组巡查时发现上班时间浏览股票行情",
            now=now,
        )
        written += 1
    cleaning = users.get("xianghu03") or users.get("clerk")
    if cleaning is not None and actions.table_in_force(town, TableKind.FINES, month) is not None:
        # 003 太湖乡 第十八条: 值班清洁卫生打扫受到通报的惩现金10元.
        fine = actions.record_manual(
            actor=supervisor,
            org=town,
            staff=cleaning.staff,
            rule_code="cleaning_criticised",
            day=day,
            evidence="值班日下班后大厅未打扫，被中心通报",
            now=now,
            kind=TableKind.FINES,
        )
        actions.decide(actor=director, entry_id=fine.pk, approve=True, note="通报属实", now=now)
        written += 1
    return written


def _adopt_fines(town: Org, month: dt.date, today: dt.date) -> None:
    """象湖镇 uses 太湖乡's cash fines (003 太湖乡 第十八–二十一条) besides the points, from this month."""
    if actions.table_in_force(town, TableKind.FINES, month) is not None:
        return
    template = RuleTable.objects.filter(org__isnull=True, kind=TableKind.FINES).order_by("-version").first()
    director = get_user_model().objects.filter(username="director", staff__org=town).first()
    if template is None or director is None:
        return
    actions.new_version(
        actor=director,
        org=town,
        kind=TableKind.FINES,
        valid_from=month,
        changes={},
        today=today,
        base_table=template,
    )
