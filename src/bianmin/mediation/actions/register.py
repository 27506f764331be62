"""登记纠纷: registering a dispute with its parties and mediators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.lib.errors import DomainError, require_permission, typed_text
from bianmin.lib.identity import clean_phone, clean_resident_id
from bianmin.lib.text import clean_person_name
from bianmin.mediation.actions._base import (
    MAX_PARTIES,
    MIN_PARTIES,
    _choice,
    _event,
    _now,
    _staff,
    mediation_number,
)
from bianmin.mediation.models import (
    DisputeKind,
    EventType,
    Mediation,
    MediationChannel,
    Party,
    PartyRole,
)
from bianmin.mediation.selectors import mediator_choices
from bianmin.orgs.models import Org, OrgKind, Staff
from bianmin.outreach.models import MarketDay, MarketDayState

# ---------------------------------------------------------------------------------------------- registering


def _parties(raw: Any) -> list[Party]:
    """The parties as typed: two or more, each with a name and a role; ID number and phone checked when
    given, the same ID number not twice."""
    rows = list(raw or []) if isinstance(raw, (list, tuple)) else []
    if len(rows) < MIN_PARTIES:
        raise DomainError("parties_required", _("纠纷至少要有两方当事人"))
    if len(rows) > MAX_PARTIES:
        raise DomainError("too_many_parties", _("当事人不能超过 %(n)d 人") % {"n": MAX_PARTIES})
    out: list[Party] = []
    seen: set[str] = set()
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise DomainError("party_name_required", _("请填写第 %(n)d 位当事人的姓名") % {"n": i})
        name = clean_person_name(typed_text(row.get("name"), max_length=100))
        if not name:
            raise DomainError("party_name_required", _("请填写第 %(n)d 位当事人的姓名") % {"n": i})
        role = _choice(
            row.get("role") or PartyRole.APPLICANT, PartyRole, "invalid_party_role", _("请选择当事人类别")
        )
        id_text = typed_text(row.get("id_number"), max_length=40)
        id_number = ""
        if id_text:
            id_number = clean_resident_id(id_text) or ""
            if not id_number:
                raise DomainError("invalid_id_number", _("%(name)s的身份证号码不正确") % {"name": name})
            if id_number in seen:
                raise DomainError("duplicate_party", _("同一身份证号码不能登记为两位当事人"))
            seen.add(id_number)
        phone = clean_phone(str(row.get("phone") or ""))
        if phone is None:
            raise DomainError("invalid_phone", _("%(name)s的联系电话格式不正确") % {"name": name})
        out.append(
            Party(
                position=i,
                role=role,
                name=name,
                id_number=id_number,
                phone=phone,
                address=typed_text(row.get("address"), max_length=200),
            )
        )
    return out


def _mediators(org: Org, raw: Any, staff: Staff) -> list[Staff]:
    """The mediators named (staff of the center or its stations), else the one registering."""
    ids = [s.pk if isinstance(s, Staff) else s for s in (raw or [])]
    if not ids:
        return [staff]
    found = list(mediator_choices(org).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise DomainError("mediator_not_of_center", _("调解员应为本中心或其便民服务站的工作人员"))
    return found


def _market_day(org: Org, event: MarketDay | int | None, today: dt.date) -> MarketDay:
    """The market-day event named (of the center), else the center's event of today."""
    rows = MarketDay.objects.filter(org=org).exclude(state=MarketDayState.CANCELLED)
    if event in (None, ""):
        found = rows.filter(date=today).order_by("place", "pk").first()
    else:
        found = rows.filter(pk=event.pk if isinstance(event, MarketDay) else event).first()
    if found is None:
        raise DomainError("market_day_not_found", _("找不到本中心的该赶场活动"))
    return found


def register(
    *,
    actor: Any,
    kind: Any,
    title: Any,
    facts: Any,
    parties: Sequence[dict[str, Any]],
    mediators: Iterable[Staff | int] | None = None,
    channel: Any = None,
    market_day: MarketDay | int | None = None,
    now: dt.datetime | None = None,
) -> Mediation:
    """登记纠纷: at the center's window, on a market day, or by a village agent at the station (the channel
    then is the station's). The time limit runs ``MEDIATION_LIMIT_DAYS`` calendar days from the day."""
    now = _now(now)
    require_permission(actor, "mediation.add_mediation", _("您没有登记纠纷的权限"))
    staff = _staff(actor)
    today = timezone.localdate(now)
    at_station = staff.org.kind == OrgKind.VILLAGE
    org = staff.org.parent if at_station else staff.org
    if org is None:
        raise DomainError("not_center_staff", _("该便民服务站没有所属的乡镇中心"), kind="forbidden")
    if at_station:
        channel = MediationChannel.STATION
    channel = _choice(
        channel or MediationChannel.WINDOW, MediationChannel, "invalid_channel", _("请选择受理渠道")
    )
    if channel == MediationChannel.STATION and not at_station:
        raise DomainError("invalid_channel", _("在便民服务站受理的纠纷由该站的代办员登记"))
    if market_day not in (None, "") and channel != MediationChannel.MARKET_DAY:
        raise DomainError("market_day_channel", _("只有赶场日受理的纠纷可以关联赶场活动"))
    m = Mediation(
        org=org,
        station=staff.org if at_station else None,
        channel=channel,
        kind=_choice(kind, DisputeKind, "invalid_kind", _("请选择纠纷类型")),
        title=typed_text(title, max_length=100, code="title_required", message=_("请填写纠纷简述")),
        facts=typed_text(facts, max_length=4000, code="facts_required", message=_("请填写纠纷事实")),
        registered_at=now,
        registered_on=today,
        registered_by=actor,
        due_on=today + dt.timedelta(days=settings.MEDIATION_LIMIT_DAYS),
        year=today.year,
        updated_at=now,
    )
    if channel == MediationChannel.MARKET_DAY:
        m.market_day = _market_day(org, market_day, today)
    party_rows = _parties(parties)
    people = _mediators(org, mediators, staff)
    with transaction.atomic():
        Org.objects.select_for_update().filter(pk=org.pk).first()  # numbers one after the other
        last = Mediation.objects.filter(org=org, year=m.year).aggregate(n=Max("seq"))["n"] or 0
        m.seq = last + 1
        m.number = mediation_number(org, m.year, m.seq)
        m.save()
        for p in party_rows:
            p.mediation = m
        Party.objects.bulk_create(party_rows)
        m.mediators.set(people)
        _event(m, EventType.REGISTERED, actor, now, m.get_channel_display())
    return m
