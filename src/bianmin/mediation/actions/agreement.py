"""人民调解协议书: drafting, the parties' signatures and taking effect (人民调解法 第二十九条)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.lib.errors import DomainError, typed_text
from bianmin.lib.text import join_names
from bianmin.mediation.actions._base import (
    _date,
    _event,
    _lock,
    _now,
    agreement_number,
)
from bianmin.mediation.actions.steps import check_mediate
from bianmin.mediation.models import (
    Agreement,
    EventType,
    Mediation,
    MediationState,
    Outcome,
    Party,
    Signature,
)
from bianmin.orgs.models import Org

# ---------------------------------------------------------------------------------------------- the agreement


def check_agreement(m: Mediation, actor: Any) -> None:
    """Drafting (or rewriting) the agreement: while mediating, after a session, before anyone signed."""
    check_mediate(m, actor)
    if m.state != MediationState.MEDIATING:
        raise DomainError(
            "mediation_not_mediating",
            _("只有调解中的纠纷可以制作或签署调解协议（%(state)s）") % {"state": m.get_state_display()},
            kind="conflict",
        )


def draft_agreement(
    mediation: Mediation | int,
    *,
    actor: Any,
    content: Any,
    performance_method: Any,
    performance_deadline: Any,
    obligations: Any = "",
    now: dt.datetime | None = None,
) -> Agreement:
    """制作人民调解协议书: the agreed content, the obligations, how and by when they are performed (人民调解法
    第二十九条). Numbered when first drafted; rewritable until a party has signed."""
    now = _now(now)
    today = timezone.localdate(now)
    text = typed_text(content, max_length=4000, code="content_required", message=_("请填写协议内容"))
    method = typed_text(
        performance_method,
        max_length=300,
        code="performance_method_required",
        message=_("请填写履行方式"),
    )
    deadline = _date(performance_deadline, "invalid_date", _("请填写履行期限"))
    if deadline < today:
        raise DomainError("performance_deadline_past", _("履行期限不能早于今天"))
    duties = typed_text(obligations, max_length=2000)
    with transaction.atomic():
        m = _lock(mediation, actor)
        check_agreement(m, actor)
        a = Agreement.objects.filter(mediation=m).first()
        if a is not None and a.signatures.exists():
            raise DomainError("agreement_signed", _("已有当事人签名的协议书不能修改"), kind="conflict")
        if a is None:
            Org.objects.select_for_update().filter(pk=m.org_id).first()
            year = today.year
            last = (
                Agreement.objects.filter(mediation__org_id=m.org_id, year=year).aggregate(n=Max("seq"))["n"]
                or 0
            )
            a = Agreement(mediation=m, year=year, seq=last + 1)
            a.number = agreement_number(m.org, year, a.seq)
        a.content, a.obligations, a.performance_method = text, duties, method
        a.performance_deadline = deadline
        a.drafted_at, a.drafted_by = now, actor
        a.save()
        m.updated_at = now
        m.save(update_fields=["updated_at"])
        _event(m, EventType.DRAFTED, actor, now, a.number)
    return a


def check_sign(m: Mediation, actor: Any) -> None:
    check_agreement(m, actor)
    if getattr(m, "agreement", None) is None:
        raise DomainError("agreement_required", _("请先制作调解协议书"), kind="conflict")


def sign(
    mediation: Mediation | int,
    *,
    actor: Any,
    parties: Iterable[Party | int],
    signed_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> list[Signature]:
    """当事人签名: the parties who signed (or fingerprinted) the printed agreement, recorded by the mediator.
    A party signs once; the time is now unless given (not before the draft, not in the future)."""
    now = _now(now)
    wanted = [p.pk if isinstance(p, Party) else p for p in parties or []]
    if not wanted:
        raise DomainError("signer_required", _("请选择签名的当事人"))
    when = signed_at or now
    if not isinstance(when, dt.datetime) or timezone.is_naive(when) or when > now:
        raise DomainError("invalid_signed_at", _("签名时间不能晚于现在"))
    with transaction.atomic():
        m = _lock(mediation, actor)
        check_sign(m, actor)
        a = Agreement.objects.get(mediation=m)
        if when < a.drafted_at:
            raise DomainError("invalid_signed_at", _("签名时间不能早于协议书制作时间"))
        found = {p.pk: p for p in Party.objects.filter(mediation=m, pk__in=wanted)}
        if len(found) != len(set(wanted)):
            raise DomainError("party_not_found", _("签名人应为本纠纷的当事人"))
        done = set(a.signatures.filter(party_id__in=found).values_list("party_id", flat=True))
        if done:
            names = join_names(found[pk].name for pk in sorted(done))
            raise DomainError("already_signed", _("%(names)s已经签名") % {"names": names}, kind="conflict")
        rows = Signature.objects.bulk_create(
            Signature(agreement=a, party=found[pk], signed_at=when, recorded_by=actor)
            for pk in dict.fromkeys(wanted)
        )
        m.updated_at = now
        m.save(update_fields=["updated_at"])
        _event(m, EventType.SIGNED, actor, now, join_names(s.party.name for s in rows))
    return rows


def check_conclude(m: Mediation, actor: Any) -> None:
    check_sign(m, actor)


def conclude(mediation: Mediation | int, *, actor: Any, now: dt.datetime | None = None) -> Mediation:
    """协议生效: the mediator signs and the committee's stamp is put on, which the law allows only when every
    party has signed (人民调解法 第二十九条: 自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解
    委员会印章之日起生效). The follow-up visit is then due in ``MEDIATION_FOLLOW_UP_DAYS`` days."""
    now = _now(now)
    today = timezone.localdate(now)
    with transaction.atomic():
        m = _lock(mediation, actor)
        check_conclude(m, actor)
        a = Agreement.objects.get(mediation=m)
        signed = set(a.signatures.values_list("party_id", flat=True))
        missing = [p.name for p in m.parties.order_by("position") if p.pk not in signed]
        if missing:
            raise DomainError(
                "party_signature_missing",
                _("还有当事人未签名：%(names)s") % {"names": join_names(missing)},
                kind="conflict",
            )
        a.concluded_at = now
        a.save(update_fields=["concluded_at"])
        m.state = MediationState.AGREED
        m.outcome = Outcome.AGREEMENT
        m.ended_on = today
        m.follow_up_due = today + dt.timedelta(days=settings.MEDIATION_FOLLOW_UP_DAYS)
        m.updated_at = now
        m.save(update_fields=["state", "outcome", "ended_on", "follow_up_due", "updated_at"])
        _event(m, EventType.CONCLUDED, actor, now, a.number)
    return m
