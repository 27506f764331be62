"""Sessions, the extension, closing without an agreement, the follow-up visit and the print log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.lib.errors import DomainError, require_permission, typed_text
from bianmin.lib.uploads import check_upload
from bianmin.mediation.actions._base import (
    _choice,
    _date,
    _event,
    _lock,
    _now,
    _staff,
)
from bianmin.mediation.models import (
    EventType,
    Mediation,
    MediationState,
    Outcome,
    Party,
    Performance,
    ReferralBody,
    Session,
)

# ---------------------------------------------------------------------------------------------- mediating


def check_mediate(m: Mediation, actor: Any) -> None:
    require_permission(actor, "mediation.mediate_mediation", _("您没有主持调解的权限"))
    _staff(actor)


def check_open(m: Mediation) -> None:
    if not m.is_open:
        raise DomainError(
            "mediation_not_open",
            _("该调解已不在调解中（%(state)s）") % {"state": m.get_state_display()},
            kind="conflict",
        )


def check_session(m: Mediation, actor: Any) -> None:
    check_mediate(m, actor)
    check_open(m)


def record_session(
    mediation: Mediation | int,
    *,
    actor: Any,
    held_on: Any,
    place: Any,
    attendees: Iterable[Party | int],
    minutes: Any,
    minutes_file: Any = None,
    now: dt.datetime | None = None,
) -> Session:
    """调解记录: a sitting with its date, place, the parties who came and the minutes, with the signed minutes
    as a scan or PDF if there is one. The first one starts the mediation (已登记 → 调解中)."""
    now = _now(now)
    extension = check_upload(minutes_file)[1] if minutes_file is not None and minutes_file.size else ""
    today = timezone.localdate(now)
    day = _date(held_on, "invalid_date", _("请填写调解日期"))
    where = typed_text(place, max_length=100, code="place_required", message=_("请填写调解地点"))
    text = typed_text(minutes, max_length=4000, code="minutes_required", message=_("请填写调解笔录"))
    wanted = {p.pk if isinstance(p, Party) else p for p in attendees or []}
    with transaction.atomic():
        m = _lock(mediation, actor)
        check_session(m, actor)
        if day > today:
            raise DomainError("session_in_future", _("调解日期不能晚于今天"))
        if day < m.registered_on:
            raise DomainError("session_before_registration", _("调解日期不能早于登记日期"))
        if not wanted:
            raise DomainError("attendees_required", _("请选择到场的当事人"))
        came = list(Party.objects.filter(mediation=m, pk__in=wanted))
        if len(came) != len(wanted):
            raise DomainError("attendee_not_party", _("到场人员应为本纠纷的当事人"))
        s = Session.objects.create(
            mediation=m, held_on=day, place=where, minutes=text, recorded_at=now, recorded_by=actor
        )
        s.attendees.set(came)
        if extension:
            s.minutes_file.save(f"session-{s.pk}{extension}", minutes_file, save=False)
            stored = s.minutes_file.name
            try:
                with transaction.atomic():
                    s.save(update_fields=["minutes_file"])
            except Exception:
                default_storage.delete(stored)
                raise
        if m.state == MediationState.REGISTERED:
            m.state = MediationState.MEDIATING
        m.updated_at = now
        m.save(update_fields=["state", "updated_at"])
        _event(m, EventType.SESSION, actor, now, f"{day:%Y-%m-%d} {where}")
    return s


def check_extend(m: Mediation, actor: Any, today: dt.date) -> None:
    require_permission(actor, "mediation.extend_mediation", _("只有带班领导或中心主任可以延长调解期限"))
    check_open(m)
    if m.extended_days:
        raise DomainError("already_extended", _("调解期限只能延长一次"), kind="conflict")
    if today > m.due_on:
        raise DomainError("extension_after_limit", _("调解期限已过，不能再延长"), kind="conflict")


def extend(
    mediation: Mediation | int,
    *,
    actor: Any,
    days: Any,
    reason: Any,
    now: dt.datetime | None = None,
) -> Mediation:
    """延长调解期限: once, before the limit passes, by at most ``MEDIATION_LIMIT_DAYS`` days, with a reason."""
    now = _now(now)
    text = typed_text(reason, max_length=300, code="reason_required", message=_("请填写延长理由"))
    limit = settings.MEDIATION_LIMIT_DAYS
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= limit:
        raise DomainError("invalid_extension_days", _("延长天数应为 1 至 %(n)d 天") % {"n": limit})
    with transaction.atomic():
        m = _lock(mediation, actor)
        check_extend(m, actor, timezone.localdate(now))
        m.due_on += dt.timedelta(days=days)
        m.extended_days = days
        m.extension_reason = text
        m.updated_at = now
        m.save(update_fields=["due_on", "extended_days", "extension_reason", "updated_at"])
        _event(m, EventType.EXTENDED, actor, now, _("延长 %(n)d 天：%(why)s") % {"n": days, "why": text})
    return m


# ---------------------------------------------------------------------------------------------- ending


def check_close(m: Mediation, actor: Any) -> None:
    check_mediate(m, actor)
    check_open(m)


def close(
    mediation: Mediation | int,
    *,
    actor: Any,
    outcome: Any,
    referred_to: Any = "",
    referred_body: Any = "",
    note: Any = "",
    now: dt.datetime | None = None,
) -> Mediation:
    """结案 without an agreement: 调解不成 (人民调解法 第二十六条: 终止调解，并告知当事人可以依法通过仲裁、行政、
    司法等途径维护自己的权利), or referred to a court, the police, the petition office (信访) or another
    body, named. An agreement ends a mediation through ``conclude`` instead."""
    now = _now(now)
    outcome = _choice(outcome, Outcome, "invalid_outcome", _("请选择调解结果"))
    if outcome == Outcome.AGREEMENT:
        raise DomainError("invalid_outcome", _("达成协议的纠纷由各方当事人签署协议书后生效，不在此结案"))
    body_kind, body = "", ""
    if outcome == Outcome.REFERRED:
        body_kind = _choice(referred_to, ReferralBody, "referral_body_required", _("请选择移送的机关"))
        body = typed_text(
            referred_body, max_length=100, code="referral_body_required", message=_("请填写移送机关的名称")
        )
    text = typed_text(note, max_length=2000)
    with transaction.atomic():
        m = _lock(mediation, actor)
        check_close(m, actor)
        m.state = MediationState.CLOSED
        m.outcome, m.referred_to, m.referred_body, m.outcome_note = outcome, body_kind, body, text
        m.ended_on = timezone.localdate(now)
        m.closed_at = m.updated_at = now
        m.save(
            update_fields=[
                "state",
                "outcome",
                "referred_to",
                "referred_body",
                "outcome_note",
                "ended_on",
                "closed_at",
                "updated_at",
            ]
        )
        _event(m, EventType.CLOSED, actor, now, f"{m.get_outcome_display()} {body}".strip())
    return m


def check_follow_up(m: Mediation, actor: Any) -> None:
    check_mediate(m, actor)
    if m.state != MediationState.AGREED:
        raise DomainError("not_awaiting_follow_up", _("该调解没有待回访的协议"), kind="conflict")


def follow_up(
    mediation: Mediation | int,
    *,
    actor: Any,
    performance: Any,
    note: Any,
    visited_on: Any = None,
    now: dt.datetime | None = None,
) -> Mediation:
    """回访: whether the agreement is kept (人民调解法 第三十一条: 对调解协议的履行情况进行监督). Either way the
    mediation closes; when it is not kept the note records what the parties were told — they may go to
    court over the agreement (第三十二条) or have it confirmed by the court first (第三十三条)."""
    now = _now(now)
    today = timezone.localdate(now)
    kept = _choice(performance, Performance, "invalid_performance", _("请选择履行情况"))
    text = typed_text(note, max_length=2000, code="follow_up_note_required", message=_("请填写回访情况"))
    day = today if visited_on in (None, "") else _date(visited_on, "invalid_date", _("请填写回访日期"))
    with transaction.atomic():
        m = _lock(mediation, actor)
        check_follow_up(m, actor)
        if day > today or (m.ended_on is not None and day < m.ended_on):
            raise DomainError("invalid_visit_date", _("回访日期应在协议生效之后、今天及以前"))
        m.state = MediationState.CLOSED
        m.performance, m.follow_up_note, m.followed_up_on = kept, text, day
        m.closed_at = m.updated_at = now
        m.save(
            update_fields=[
                "state",
                "performance",
                "follow_up_note",
                "followed_up_on",
                "closed_at",
                "updated_at",
            ]
        )
        _event(m, EventType.FOLLOW_UP, actor, now, m.get_performance_display())
    return m


def record_print(mediation: Mediation, *, actor: Any, now: dt.datetime | None = None) -> None:
    """打印协议书: the printed agreement shows the parties' full ID numbers, so each print is on record."""
    _event(mediation, EventType.PRINTED, actor, _now(now), mediation.agreement.number)
