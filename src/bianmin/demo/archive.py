"""The demo's archive (档案管理): the month's archived cases filed into boxes by window and year; at 象湖镇 one
box closed early, loans in every state (one lent and overdue), and a disposal of an expired file, approved.

The history is only a month old, so no real file has reached the end of its retention. For the disposal one
archived case is filed into a back-dated box of 2014 (10 years, expired at the end of 2024) and its remark
says so plainly; everything else goes through the actions, each on its own clock.

Rerunnable: filing is idempotent, and the closed box, loans and disposal are made once (when 象湖镇 has no
loans yet).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from bianmin.archive import actions
from bianmin.archive.models import RETENTION_RANK, ArchiveRecord, Box, Loan, Retention
from bianmin.cases import actions as case_actions
from bianmin.cases.models import Case, CaseState
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Org

XIANGHU = "360781100"
CLERKS = {"360781100": "clerk", "360781101": "clerk2"}
BACKDATED_YEAR = 2014
BACKDATED_REMARK = "演示数据：为展示销毁流程回溯编入2014年档案盒"


def _backdated_file(org: Org, now: dt.datetime) -> ArchiveRecord | None:
    """One archived case of the town filed into a 2014 box kept 10 years (expired 2024-12-31), labelled."""
    case = (
        Case.objects.filter(org=org, state=CaseState.ARCHIVED, archive_record__isnull=True)
        .select_related("window")
        .order_by("archived_at", "pk")
        .first()
    )
    if case is None:
        return None
    code = case.window.code if case.window else actions.NO_WINDOW
    box, _created = Box.objects.get_or_create(
        org=org,
        year=BACKDATED_YEAR,
        window_code=code,
        seq=1,
        defaults={
            "window": case.window,
            "label": f"{BACKDATED_YEAR}-{code}-001",
            "capacity": 50,
            "opened_at": now,
            "closed_at": now,
        },
    )
    retention = Retention.Y10
    return ArchiveRecord.objects.create(
        case=case,
        org=org,
        box=box,
        seq=1,
        number=f"{box.label}-001",
        category=str((case.item_snapshot or {}).get("category") or ""),
        retention=retention,
        rank=RETENTION_RANK[retention],
        expires_on=actions.expiry(BACKDATED_YEAR, retention),
        archived_at=case.archived_at or now,
        filed_at=now,
        remarks=BACKDATED_REMARK,
    )


def _archive_delivered(users: dict[str, Any], now: dt.datetime) -> None:
    """When the history archived none, 归档 its delivered cases through the case action by each town's clerk,
    an hour after delivery (a case the clerk may not archive stays), so there is something to file."""
    if Case.objects.filter(state=CaseState.ARCHIVED).exists():
        return
    for code, username in CLERKS.items():
        clerk = users.get(username)
        if clerk is None:
            continue
        delivered = Case.objects.filter(org__code=code, state=CaseState.DELIVERED, delivered_at__lt=now)
        for case in delivered.order_by("delivered_at", "pk"):
            when = min(now, (case.delivered_at or now) + dt.timedelta(hours=1))
            try:
                case_actions.archive(case, actor=clerk, now=when)
            except DomainError:
                continue


def build_archive(now: dt.datetime | None = None) -> int:
    """File the archived cases; at 象湖镇 add the closed box, the loans and the disposal once. Returns the
    number of files in boxes."""
    now = now or timezone.now()
    town = Org.objects.filter(code=XIANGHU).first()
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["clerk", "leader", "director"])
    }
    fresh = (
        town is not None
        and {"clerk", "leader", "director"} <= set(users)
        and not Loan.objects.filter(org=town).exists()
    )
    if fresh:
        with transaction.atomic():
            backdated = _backdated_file(town, now)  # type: ignore[arg-type]
    actions.file_archived(now=now)
    if fresh:
        _stories(town, users, backdated, now)  # type: ignore[arg-type]
    return ArchiveRecord.objects.count()


def _stories(town: Org, users: dict[str, Any], backdated: ArchiveRecord | None, now: dt.datetime) -> None:
    clerk, leader, director = users["clerk"], users["leader"], users["director"]  # 象湖镇
    today = timezone.localdate(now)
    files = list(
        ArchiveRecord.objects.filter(
            org=town, disposed_at__isnull=True, box__year__gt=BACKDATED_YEAR
        ).order_by("archived_at", "pk")[:6]
    )
    # 封盒: the first 民政 box closed early; the next 民政 file opens a new one.
    first = Box.objects.filter(
        org=town, window_code="MZ", closed_at__isnull=True, year__gt=BACKDATED_YEAR
    ).first()
    if first is not None and first.records.exists():
        actions.close_box(first, actor=clerk, now=now)
    if len(files) == 6:
        _loans(files, clerk, leader, director, now, today)
    if backdated is not None:
        disposal = actions.propose_disposal(
            actor=leader, records=[backdated], reason="保管期满，经鉴定无继续保存价值", now=now
        )
        actions.decide_disposal(disposal, actor=director, approve=True, note="同意销毁", now=now)


def _loans(files: list, clerk: Any, leader: Any, director: Any, now: dt.datetime, today: dt.date) -> None:
    ago = lambda days: now - dt.timedelta(days=days)  # noqa: E731
    # waiting for the director
    actions.request_loan(
        files[0],
        actor=clerk,
        purpose="核对低保户家庭收入情况",
        expected_return=today + dt.timedelta(days=7),
        now=now,
    )
    # approved, not yet handed over
    loan = actions.request_loan(
        files[1],
        actor=leader,
        purpose="年度低保复核抽查",
        expected_return=today + dt.timedelta(days=5),
        now=ago(1),
    )
    actions.decide_loan(loan, actor=director, approve=True, now=ago(1))
    # refused
    loan = actions.request_loan(
        files[2],
        actor=clerk,
        purpose="复印给申请人",
        expected_return=today + dt.timedelta(days=3),
        now=ago(2),
    )
    actions.decide_loan(
        loan, actor=director, approve=False, note="申请人复印须本人到窗口办理查阅手续", now=ago(2)
    )
    # lent, due next week
    loan = actions.request_loan(
        files[3],
        actor=leader,
        purpose="县民政局业务检查",
        expected_return=today + dt.timedelta(days=6),
        now=ago(3),
    )
    actions.decide_loan(loan, actor=director, approve=True, now=ago(3))
    actions.lend(loan, actor=clerk, now=ago(2))
    # lent and overdue: was due three days ago
    loan = actions.request_loan(
        files[4],
        actor=clerk,
        purpose="信访件调查核实",
        expected_return=today - dt.timedelta(days=3),
        now=ago(10),
    )
    actions.decide_loan(loan, actor=director, approve=True, now=ago(10))
    actions.lend(loan, actor=leader, now=ago(9))
    # returned
    loan = actions.request_loan(
        files[5], actor=leader, purpose="审计查阅", expected_return=today - dt.timedelta(days=1), now=ago(8)
    )
    actions.decide_loan(loan, actor=director, approve=True, now=ago(8))
    actions.lend(loan, actor=clerk, now=ago(7))
    actions.return_loan(loan, actor=clerk, condition="完好，无缺页", now=ago(2))
