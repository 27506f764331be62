"""The demo's complaints and opinion book at 象湖镇: a month of complaints by every channel and in every
state — answered on the phone and decided, a letter answered with a printed reply notice, a major one
referred to the director and the town's discipline office, one overdue, one due today — and opinion-book
entries answered, one adopted and published. All through the actions, each on its own day's clock.

Built once: when the town already has complaints, nothing is added.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from bianmin.complaints import actions
from bianmin.complaints.models import Complaint
from bianmin.orgs.models import Org, Window
from bianmin.workdays.services import add_workdays

TOWN = "360781100"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _workdays_back(today: dt.date, n: int) -> dt.date:
    day = today
    while n > 0:
        day -= dt.timedelta(days=1)
        if add_workdays(day - dt.timedelta(days=1), 1).date == day:
            n -= 1
    return day


def build_complaints(today: dt.date | None = None) -> int:
    """Returns how many complaints were created (0 on a second run)."""
    today = today or timezone.localdate()
    town = Org.objects.filter(code=TOWN).first()
    if town is None or Complaint.objects.filter(org=town).exists():
        return 0
    users = {u.username: u for u in get_user_model().objects.filter(staff__org=town).select_related("staff")}
    clerk, leader, director, supervisor = (users[n] for n in ("clerk", "leader", "director", "supervisor"))
    windows = list(Window.objects.filter(org=town).order_by("number"))
    window = windows[0] if windows else None

    def receive(days_back: int, channel: str, content: str, **extra: Any) -> Complaint:
        day = _workdays_back(today, days_back)
        return actions.receive_complaint(
            actor=None if channel == "online" else clerk,
            org=town,
            channel=channel,
            content=content,
            against_window=window,
            now=_at(day, 10),
            **extra,
        )

    def reply(c: Complaint, days_back: int, text: str, mode: str) -> None:
        actions.reply_complaint(
            c, actor=leader, text=text, mode=mode, now=_at(_workdays_back(today, days_back), 15)
        )

    def decide(c: Complaint, days_back: int, upheld: bool, findings: str, reason: str) -> None:
        actions.decide_complaint(
            c,
            actor=supervisor,
            upheld=upheld,
            findings=findings,
            reason=reason,
            now=_at(_workdays_back(today, days_back), 16),
        )

    phoned = receive(
        15,
        "phone",
        "窗口工作人员接电话态度生硬",
        complainant_name="刘桂英",
        complainant_phone="13979712345",
        against_staff=clerk.staff,
    )
    reply(phoned, 14, "已核实，当事人已向您电话致歉。", "phone")
    decide(phoned, 13, True, "调取通话记录属实", "对当事人批评教育，扣2分")
    in_person = receive(10, "in_person", "排队时有人插队，工作人员未制止")
    reply(in_person, 10, "已当面说明取号规则，并安排引导员维持秩序。", "in_person")
    decide(in_person, 9, False, "监控显示插队者为已预约群众", "投诉不成立，已向投诉人解释预约规则")
    letter = receive(
        8,
        "letter",
        "低保申请材料交了两次还说缺件，要求说明",
        complainant_name="黄建华",
        complainant_phone="13879754321",
    )
    reply(letter, 6, "经核实，窗口未执行一次性告知，已责令改正，并于次日为您办结受理。", "written")
    boxed = receive(6, "box", "大厅饮水机长期没水")
    reply(boxed, 4, "已联系物业每日补水，感谢监督。", "written")
    major = receive(
        5,
        "letter",
        "反映某窗口人员办证收取好处费",
        complainant_name="钟志强",
        complainant_phone="13767098765",
        major=True,
    )
    actions.refer_complaint(
        major,
        actor=supervisor,
        note="涉嫌违纪，报中心主任并移送镇纪委",
        to_user=director,
        to_body="镇纪委",
        now=_at(_workdays_back(today, 5), 14),
    )
    receive(
        4, "online", "网上预审两天没有回复", complainant_name="曾小燕", complainant_phone="15970712121"
    )  # overdue
    receive(3, "phone", "电话一直占线打不进来")  # due today
    receive(0, "online", "希望周末也能办社保卡", complainant_name="邱文", complainant_phone="18979700001")

    def record(days_back: int, source: str, content: str, **extra: Any) -> Any:
        return actions.record_opinion(
            actor=clerk,
            org=town,
            source=source,
            content=content,
            now=_at(_workdays_back(today, days_back), 11),
            **extra,
        )

    seats = record(
        12,
        "book",
        "建议在等候区增加老年人座椅和老花镜",
        author_kind="citizen",
        author_name="罗春兰",
        consent_to_publish=True,
    )
    actions.answer_opinion(
        seats,
        actor=director,
        answer="已增设座椅 6 张、老花镜 3 副，感谢建议。",
        publish=True,
        now=_at(_workdays_back(today, 10), 15),
    )
    actions.adopt_opinion(
        seats, actor=director, note="等候区已增设老年人座椅", now=_at(_workdays_back(today, 10), 16)
    )
    voice = record(9, "book", "叫号机增加语音播报", author_kind="staff", author_staff=clerk.staff)
    actions.answer_opinion(
        voice, actor=director, answer="已报县中心统一升级叫号系统。", now=_at(_workdays_back(today, 8), 15)
    )
    card = record(5, "card", "办事很快，很满意", author_kind="anonymous")
    actions.answer_opinion(card, actor=leader, answer="感谢您的评议。", now=_at(_workdays_back(today, 4), 15))
    record(2, "box", "希望公布各窗口的监督电话", author_kind="citizen", author_name="周海")
    return Complaint.objects.filter(org=town).count()
