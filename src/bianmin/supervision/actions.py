"""Every change of e-supervision records: the sweep that writes cards, a supervisor's rejection ruling,
and the confirmation or dismissal of a card. Each runs in a transaction and refuses with a stable code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases.models import Case, CaseEvent, CaseState
from bianmin.cases.steps import Step
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Org
from bianmin.supervision.cards import FIRST_SWEEP_DAYS, Card, due_cards
from bianmin.supervision.models import CardLevel, CardRecord, CardRule, CardStatus, CardSubject, SweepMark
from bianmin.supervision.selectors import board_org_ids, board_orgs

REASON_MAX = 2000
DECISIONS = {"confirm": CardStatus.CONFIRMED, "dismiss": CardStatus.DISMISSED}


def _record(card: Card, now: dt.datetime) -> CardRecord:
    return CardRecord(
        org_id=card.org_id,
        case_id=card.case_id,
        task_id=card.task_id,
        subject=card.subject,
        subject_key=card.subject_key,
        rule=card.rule,
        level=card.level,
        staff_id=card.staff_id,
        window_id=card.window_id,
        due_date=card.due_date,
        days_overdue=card.days_overdue,
        reached_on=card.reached_on,
        created_at=now,
    )


def _lock_marks(org_ids: list[int], today: dt.date) -> None:
    """Take the centers' sweep marks for this transaction, creating the missing ones first (dated as if the
    sweep never ran): a second sweep of the same centers waits here for the first to commit, then finds its
    cards on record and writes nothing."""
    never = today - dt.timedelta(days=FIRST_SWEEP_DAYS)
    SweepMark.objects.bulk_create([SweepMark(org_id=pk, day=never) for pk in org_ids], ignore_conflicts=True)
    list(
        SweepMark.objects.select_for_update().filter(org_id__in=org_ids).order_by("org_id").values_list("pk")
    )


def sweep(orgs: Iterable[Org], today: dt.date, now: dt.datetime | None = None) -> int:
    """Write the cards the centers' subjects have earned by ``today`` and are not on record yet; idempotent
    (one record per subject, rule and level: a second run writes nothing new, and two at once are served one
    after the other by the lock on the centers' sweep marks)."""
    now = now or timezone.now()
    orgs = list(orgs)
    org_ids = sorted(o.pk for o in orgs)
    with transaction.atomic():
        _lock_marks(org_ids, today)
        cards = due_cards(orgs, today)
        existing = set(
            CardRecord.objects.filter(case_id__in=sorted({c.case_id for c in cards})).values_list(
                "case_id", "subject_key", "rule", "level"
            )
        )
        fresh = [_record(c, now) for c in cards if c.key not in existing]
        # a supervisor deciding a derived card writes it first: that one is skipped, not an error
        CardRecord.objects.bulk_create(fresh, ignore_conflicts=True)
        # a mark never goes back: a sweep for an earlier day (--date) leaves the later mark standing
        SweepMark.objects.filter(org_id__in=org_ids, day__lt=today).update(day=today)
    return len(fresh)


def _reason(reason: Any) -> str:
    text = str(reason or "").strip()[:REASON_MAX]
    if not text:
        raise DomainError("reason_required", _("请填写理由"))
    return text


def _require_decider(actor: Any) -> None:
    if actor is None or not actor.has_perm("supervision.decide_card"):
        raise DomainError("permission_denied", _("只有监察人员可以认定监察记录"), kind="forbidden")


def _parse_ref(ref: str) -> tuple[int, str, str, str] | None:
    parts = str(ref).split("~")
    if len(parts) != 4 or not parts[0].isascii() or not parts[0].isdigit() or len(parts[0]) > 18:
        return None
    return int(parts[0]), parts[1], parts[2], parts[3]


def _locate(ref: str, actor: Any, today: dt.date, now: dt.datetime) -> CardRecord:
    """The record ``ref`` names, locked; a derived card (natural key) is written first, exactly as the
    sweep would write it — recomputed from the ledger, never from what the client sent."""
    scope = sorted(board_org_ids(actor))
    text = str(ref)
    if text.isascii() and text.isdigit() and len(text) <= 18:
        record = CardRecord.objects.select_for_update().filter(pk=int(text), org_id__in=scope).first()
    else:
        key = _parse_ref(text)
        record = None
        if key is not None:
            case = Case.objects.filter(pk=key[0], org_id__in=scope).select_related("org").first()
            card = None
            if case is not None:
                card = next((c for c in due_cards([case.org], today) if c.key == key), None)
            if card is not None:
                CardRecord.objects.bulk_create([_record(card, now)], ignore_conflicts=True)
            record = (
                CardRecord.objects.select_for_update()
                .filter(case_id=key[0], subject_key=key[1], rule=key[2], level=key[3], org_id__in=scope)
                .first()
            )
    if record is None:
        raise DomainError("card_not_found", _("找不到该监察记录"), kind="not_found")
    return record


def decide_card(
    ref: str, decision: str, *, actor: Any, reason: Any, today: dt.date, now: dt.datetime | None = None
) -> CardRecord:
    """A supervisor confirms (认定) or dismisses (撤销) a pending card, with a reason. Only pending records;
    nobody decides a card naming themselves; two supervisors at once: the second is refused."""
    now = now or timezone.now()
    _require_decider(actor)
    status = DECISIONS.get(decision)
    if status is None:
        raise DomainError("invalid_decision", _("认定结果应为确认或撤销"))
    text = _reason(reason)
    with transaction.atomic():
        record = _locate(ref, actor, today, now)
        if record.status != CardStatus.PENDING:
            raise DomainError("card_decided", _("该监察记录已认定，不能再次认定"), kind="conflict")
        if record.staff_id is not None and record.staff_id == actor.pk:
            raise DomainError("own_card", _("不能认定本人为责任人的监察记录"), kind="forbidden")
        record.status = status
        record.decided_by = actor
        record.decided_at = now
        record.decision_reason = text
        record.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    return record


REJECTING_STEPS: dict[str, Step] = {
    CaseState.REJECTED: Step.REJECT,
    CaseState.RETURNED: Step.RETURN_ESCALATION,
}


def flag_rejection(
    number: str, *, actor: Any, reason: Any, today: dt.date, now: dt.datetime | None = None
) -> CardRecord:
    """A supervisor judges a rejection (不予受理, or a county's 退回) unjustified: a yellow card for who
    rejected it (RULES.md E-supervision: refusing a qualifying application; 003 曾家镇 责任追究 (一)3:
    手续齐全、又符合规定，应及时办理而不办的)."""
    now = now or timezone.now()
    _require_decider(actor)
    text = _reason(reason)
    with transaction.atomic():
        case = (
            Case.objects.select_for_update()
            .filter(number=str(number)[:50], org_id__in=sorted(board_org_ids(actor)))
            .first()
        )
        if case is None:
            raise DomainError("case_not_found", _("找不到该办件"), kind="not_found")
        step = REJECTING_STEPS.get(case.state)
        if step is None:
            raise DomainError("not_rejected", _("该办件未被不予受理或退回"), kind="conflict")
        event = CaseEvent.objects.filter(case=case, type=step).order_by("-seq").first()
        record = CardRecord(
            org_id=case.org_id,
            case=case,
            subject=CardSubject.CASE,
            subject_key=CardSubject.CASE,
            rule=CardRule.UNJUSTIFIED_REJECTION,
            level=CardLevel.YELLOW,
            staff_id=event.actor_id if event is not None else case.accepted_by_id,
            window_id=case.window_id,
            reached_on=today,
            note=text,
            raised_by=actor,
            created_at=now,
        )
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError as exc:
            raise DomainError("already_flagged", _("该办件的退回已记录为监察记录"), kind="conflict") from exc
    return record


def sweep_all(today: dt.date, now: dt.datetime | None = None) -> int:
    """Every center (county, towns) and station: what the daily command runs."""
    return sweep(Org.objects.all().order_by("path"), today, now)


__all__ = ["board_orgs", "decide_card", "flag_rejection", "sweep", "sweep_all"]
