"""The demo's seal registry (印章管理, 003 第5篇: "印章加编号 … 建立印章使用审批、登记、备案、管理制度"): each town's
numbered seals with their custodians and impression images — a 公章 whose uses need an approval, a 便民服务专用章 at
the 民政 window, at 象湖镇 a 受理专用章 handed over between two colleagues and an old seal suspended — and a month of
uses: the business seal stamped on the concluded cases' results and on certificates, the 公章 on documents through
approved requests (one refused, one waiting), and refused attempts (a colleague who is not the custodian, the 公章
without an approval). All through the actions, each on its own clock.

Built once: when 象湖镇 already has seals, nothing is added.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from bianmin.cases import actions as case_actions
from bianmin.cases.models import Case, CaseState
from bianmin.catalog.models import ServiceItem
from bianmin.demo.history import _valid
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Org, Window
from bianmin.seals import actions
from bianmin.seals.models import Seal, SealKind, SealStatus
from bianmin.workdays.services import get_calendar

DONE = (CaseState.CONCLUDED, CaseState.DELIVERED, CaseState.ARCHIVED)
# town code: (number prefix, town name, director, approver, business seal's custodian, colleague)
TOWNS = {
    "360781100": ("XH", "象湖镇", "director", "leader", "clerk", "handler"),
    "360781101": ("RT", "壬田镇", "rentian10", "rentian10", "clerk2", "rentian01"),
}
DOCUMENTS = ["居住证明", "家庭经济状况证明", "婚育情况证明", "无房产证明", "亲属关系证明", "务农证明"]
OFFICIAL_USES = [
    ("向市民政局报送低保季度审核材料", "关于2026年第一季度低保动态管理情况的报告", 2),
    ("与村委会签订代办服务协议", "便民代办服务协议书", 4),
    ("出具单位介绍信", "介绍信（赴市政务服务中心办理上报件）", 1),
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def stamp_png(number: str) -> SimpleUploadedFile:
    """A red round stamp: a double ring, a five-pointed star and the seal's number."""
    size = 240
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    red = (200, 16, 24, 255)
    draw.ellipse((6, 6, size - 6, size - 6), outline=red, width=9)
    draw.ellipse((22, 22, size - 22, size - 22), outline=red, width=2)
    cx, cy, outer, inner = size / 2, size / 2 - 10, 48, 19
    points = [
        (
            cx + (outer if i % 2 == 0 else inner) * math.sin(i * math.pi / 5),
            cy - (outer if i % 2 == 0 else inner) * math.cos(i * math.pi / 5),
        )
        for i in range(10)
    ]
    draw.polygon(points, fill=red)
    draw.text((cx, size - 58), number, fill=red, anchor="mm", font_size=22)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile(f"{number}.png", buffer.getvalue(), content_type="image/png")


def _working_days(today: dt.date, region: str, days: int = 30) -> list[dt.date]:
    calendar = get_calendar(region)
    out = [today - dt.timedelta(days=n) for n in range(days, 0, -1)]
    return [d for d in out if calendar.is_workday(d)]


def build_seals(now: dt.datetime | None = None) -> int:
    """Returns how many uses were logged (0 on a second run)."""
    now = now or timezone.now()
    first = Org.objects.filter(code="360781100").first()
    if first is None or Seal.objects.filter(org=first).exists():
        return 0
    names = {name for row in TOWNS.values() for name in row[2:]} | {"xianghu04", "xianghu09"}
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=names).select_related("staff")
    }
    logged = 0
    for code, (prefix, town_name, director, approver, keeper, colleague) in TOWNS.items():
        town = Org.objects.filter(code=code).first()
        if town is None or not {director, approver, keeper, colleague} <= set(users):
            continue
        days = _working_days(timezone.localdate(now), town.region_code)
        if len(days) < 6:
            continue
        start = _at(days[0], 8, 10)
        window = Window.objects.filter(org=town, code="MZ").first()
        official = actions.register_seal(
            actor=users[director], number=f"{prefix}-001", name=f"{town_name}便民服务中心公章",
            kind=SealKind.OFFICIAL, custodian=users[director].staff, impression=stamp_png(f"{prefix}-001"), now=start,
        )  # fmt: skip
        business = actions.register_seal(
            actor=users[director], number=f"{prefix}-002", name=f"{town_name}便民服务中心便民服务专用章",
            kind=SealKind.BUSINESS, custodian=users[keeper].staff, window=window,
            impression=stamp_png(f"{prefix}-002"), now=start,
        )  # fmt: skip
        logged += _business_month(town, business, users[keeper], days)
        logged += _official_month(official, users[director], users[approver], users[keeper], days)
        _attempts(business, official, users[colleague], users[director], days[-1])
        if prefix == "XH":
            logged += _xianghu_extras(users, days)
    return logged


def _business_month(town: Org, seal: Seal, keeper: Any, days: list[dt.date]) -> int:
    """The business seal on the concluded cases' results (stamped just before each conclusion) and on the
    certificates issued at the window each working day."""
    n = 0
    first = _at(days[0], 8, 30)
    cases = Case.objects.filter(org=town, state__in=DONE, concluded_at__gt=first).order_by("concluded_at")
    for case in cases[:40]:
        if case.concluded_at is None:
            continue
        actions.log_use(
            seal, actor=keeper, impressions=1 + (case.pk % 2), case_number=case.number,
            purpose=f"{case.item_snapshot.get('name', '')}办理结果盖章"[:200],
            now=case.concluded_at - dt.timedelta(minutes=3),
        )  # fmt: skip
        n += 1
    for i, day in enumerate(days):
        for j in range(1 + i % 3):
            document = DOCUMENTS[(i + j) % len(DOCUMENTS)]
            actions.log_use(
                seal, actor=keeper, impressions=1, document=document, purpose=f"出具{document}",
                now=_at(day, 9 + 2 * j, 15 + i % 40),
            )  # fmt: skip
            n += 1
    return n


def _official_month(seal: Seal, custodian: Any, approver: Any, requester: Any, days: list[dt.date]) -> int:
    """The 公章 through 用印审批: three approved and stamped, one refused, one waiting for today's approver."""
    n = 0
    for k, (purpose, document, impressions) in enumerate(OFFICIAL_USES):
        day = days[3 + k * (len(days) - 5) // len(OFFICIAL_USES)]
        req = actions.request_use(
            seal,
            actor=requester,
            purpose=purpose,
            document=document,
            impressions=impressions,
            now=_at(day, 9, 5),
        )
        who = approver if approver.pk != requester.pk else custodian
        actions.decide_request(req, actor=who, approve=True, note="同意", now=_at(day, 9, 40))
        actions.log_use(seal, actor=custodian, impressions=impressions, request=req.pk, now=_at(day, 10, 0))
        n += 1
    refused = actions.request_use(
        seal, actor=requester, purpose="为个人出具收入证明", document="收入证明", impressions=1,
        now=_at(days[-3], 15, 0),
    )  # fmt: skip
    actions.decide_request(
        refused, actor=approver, approve=False, note="个人收入证明由所在单位出具，中心公章不予加盖",
        now=_at(days[-3], 16, 0),
    )  # fmt: skip
    actions.request_use(
        seal, actor=requester, purpose="报送便民服务月度统计报表", document="便民服务中心月度工作报表", impressions=1,
        now=_at(days[-1], 16, 30),
    )  # fmt: skip
    return n


def _attempts(business: Seal, official: Seal, colleague: Any, director: Any, day: dt.date) -> None:
    """Two refused uses, logged as attempts: a colleague at the window reaching for the business seal he does not
    keep, and the director stamping the 公章 without an approval."""
    for seal, actor, minute in ((business, colleague, 20), (official, director, 50)):
        try:
            actions.log_use(seal, actor=actor, impressions=1, document="证明", now=_at(day, 11, minute))
        except DomainError:
            pass


def _xianghu_extras(users: dict[str, Any], days: list[dt.date]) -> int:
    """象湖镇's 受理专用章 handed from 罗小琴 to 杨美玲 (signed out, signed in), and its old business seal suspended."""
    director = users["director"]
    giver, receiver = users.get("xianghu04"), users.get("xianghu09")
    if giver is None or receiver is None:
        return 0
    acceptance = actions.register_seal(
        actor=director, number="XH-003", name="象湖镇便民服务中心受理专用章", kind=SealKind.ACCEPTANCE,
        custodian=giver.staff, impression=stamp_png("XH-003"), now=_at(days[0], 8, 20),
    )  # fmt: skip
    middle = days[len(days) // 2]
    actions.hand_over(
        acceptance,
        actor=giver,
        to=receiver.staff,
        note="罗小琴调综合窗口，受理专用章交杨美玲保管",
        now=_at(middle, 17, 0),
    )
    actions.accept_handover(acceptance, actor=receiver, note="已清点印章和登记簿", now=_at(middle, 17, 10))
    old = actions.register_seal(
        actor=director, number="XH-009", name="象湖镇便民服务中心业务专用章（旧）", kind=SealKind.BUSINESS,
        custodian=users["clerk"].staff, now=_at(days[0], 8, 30),
    )  # fmt: skip
    logged = _sealed_case(users, days)
    actions.set_status(
        old, actor=director, status=SealStatus.SUSPENDED, reason="印面磨损，已启用便民服务专用章 XH-002，待销毁",
        now=_at(days[1], 9, 0),
    )  # fmt: skip
    return logged


def _sealed_case(users: dict[str, Any], days: list[dt.date]) -> int:
    """A 土地经营权流转合同鉴证 (an item whose result goes out under a seal): its conclusion waited for the contract's
    stamping, logged by the business seal's custodian against the case, then concluded."""
    item = ServiceItem.objects.select_related("current").filter(code="NZ004").first()
    if item is None or item.current is None or not item.current.needs_seal:
        return 0
    clerk, handler = users["clerk"], users["handler"]
    day = days[-5]
    case = case_actions.register(
        actor=clerk, item_code="NZ004",
        applicant={"kind": "person", "name": "钟德明", "id_number": _valid("36078119680512003"),
                   "phone": "13907975512"},
        received_materials=[m.name for m in item.current.materials.all() if m.mandatory], now=_at(day, 9, 30),
    ).case  # fmt: skip
    case_actions.accept(case, actor=clerk, now=_at(day, 9, 40))
    case_actions.assign(case, actor=clerk, handler=handler, now=_at(day, 9, 50))
    done = days[-2]
    actions.log_use(
        "XH-002", actor=clerk, impressions=3, case_number=case.number, purpose="土地经营权流转合同鉴证盖章",
        now=_at(done, 10, 0),
    )  # fmt: skip
    case_actions.conclude(
        case,
        actor=handler,
        result="granted",
        certificate_name="土地经营权流转合同鉴证书",
        now=_at(done, 10, 10),
    )
    return 1
