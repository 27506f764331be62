"""Every change of the reporting calendar and the submissions: the default rules, a draft's narrative, the
submission (numbered, frozen, chained, on time or late), a correction, and the reminders. Each runs in a
transaction and refuses with a ``DomainError``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases.numbering import next_value
from bianmin.lib.errors import DomainError, require_permission, typed_text
from bianmin.lib.hashchain import GENESIS
from bianmin.orgs.models import Org, OrgKind
from bianmin.orgs.scope import lock_in_scope
from bianmin.orgs.selectors import staff_of
from bianmin.submissions import chain, figures
from bianmin.submissions.models import ReportKind, ReportReminder, ReportRule, Submission, SubmissionState
from bianmin.submissions.schedule import DEFAULT_RULES
from bianmin.submissions.selectors import due_for, due_soon, recipient_of, spec_for

NARRATIVE_MAX = 4000
NOT_FOUND = "submission_not_found"


def _not_found() -> Any:
    return _("找不到该报送")


# -------------------------------------------------------------------------------------------- rules


@transaction.atomic
def ensure_default_rules(county: Org) -> int:
    """The seeds' reports as the county's rules, where the county has none of that kind; idempotent.
    Returns how many were added (a rule the county changed is left as it is)."""
    if county.kind != OrgKind.COUNTY:
        raise DomainError("not_a_county", _("报送制度按县设置，请选择县级中心"))
    added = 0
    for spec in DEFAULT_RULES:
        _rule, created = ReportRule.objects.get_or_create(
            county=county,
            kind=spec.kind,
            defaults={
                "submitter_level": spec.submitter_level,
                "recipient_level": spec.recipient_level,
                "due_day": spec.due_day,
                "source_text": spec.source_text,
            },
        )
        added += created
    return added


# ------------------------------------------------------------------------------------------- drafts


def _check_own(actor: Any, org: Org) -> None:
    """Only the center's (or station's) own staff fill in and submit its reports."""
    if actor is not None and actor.is_superuser:
        return
    staff = staff_of(actor)
    if staff is None or staff.org_id != org.pk:
        raise DomainError("not_your_report", _("只能填报本单位的报表"), kind="forbidden")


def _texts(work: Any, good_practice: Any, problems: Any) -> dict[str, str]:
    return {
        "work": typed_text(work, max_length=NARRATIVE_MAX),
        "good_practice": typed_text(good_practice, max_length=NARRATIVE_MAX),
        "problems": typed_text(problems, max_length=NARRATIVE_MAX),
    }


def _current(org: Org, kind: str, period_key: str) -> Submission | None:
    """The latest submitted version of a report (the one a correction supersedes)."""
    return (
        Submission.objects.select_for_update()
        .filter(org=org, kind=kind, period_key=period_key, state=SubmissionState.SUBMITTED)
        .order_by("-chain_seq")
        .first()
    )


def save_draft(
    *,
    actor: Any,
    org: Org,
    kind: str,
    period_key: str,
    now: dt.datetime,
    work: Any = "",
    good_practice: Any = "",
    problems: Any = "",
) -> Submission:
    """Save the narrative of a report not yet submitted (草稿): created on first save, edited after. When
    the report was submitted already, the draft is its correction (it supersedes the submitted one)."""
    require_permission(actor, "submissions.submit_report", _("只有中心主任或代办员可以填报报表"))
    _check_own(actor, org)
    spec = spec_for(org, kind) if kind in ReportKind.values else None
    if spec is None:
        raise DomainError("no_such_report", _("本单位不需报送这种报表"), kind="not_found")
    due = due_for(org, spec, period_key)
    today = timezone.localdate(now)
    if today < due.period.first:
        raise DomainError("period_not_started", _("报表期间尚未开始"))
    recipient = recipient_of(org, spec)
    if recipient is None:
        raise DomainError("no_recipient", _("找不到接收报表的上级单位"))
    texts = _texts(work, good_practice, problems)
    with transaction.atomic():
        key = {"org": org, "kind": spec.kind, "period_key": due.period.key}
        draft = Submission.objects.select_for_update().filter(**key, state=SubmissionState.DRAFT).first()
        if draft is None:
            try:
                with transaction.atomic():
                    return Submission.objects.create(
                        **key,
                        **texts,
                        recipient=recipient,
                        period_first=due.period.first,
                        period_last=due.period.last,
                        due_date=due.due.date,
                        due_provisional=due.due.provisional,
                        by=figures.breakdown_for(org),
                        supersedes=_current(org, spec.kind, due.period.key),
                        created_by=actor,
                        created_at=now,
                        updated_at=now,
                    )
            except IntegrityError:  # another save of the same report created it a moment ago
                draft = Submission.objects.select_for_update().get(**key, state=SubmissionState.DRAFT)
        for name, value in texts.items():
            setattr(draft, name, value)
        draft.updated_at = now
        draft.save(update_fields=[*texts, "updated_at"])
        return draft


def start_correction(*, actor: Any, submission_id: int, now: dt.datetime) -> Submission:
    """更正: a new draft of a submitted report, its narrative copied, superseding it once submitted."""
    old = Submission.objects.select_related("org").filter(pk=submission_id).first()
    if old is None or old.state != SubmissionState.SUBMITTED:
        raise DomainError(NOT_FOUND, _not_found(), kind="not_found")
    if old.is_superseded:
        raise DomainError("already_superseded", _("该报送已被更正，请更正最新的一份"), kind="conflict")
    return save_draft(
        actor=actor,
        org=old.org,
        kind=old.kind,
        period_key=old.period_key,
        now=now,
        work=old.work,
        good_practice=old.good_practice,
        problems=old.problems,
    )


# --------------------------------------------------------------------------------------- submitting


def submit(*, actor: Any, submission_id: int, now: dt.datetime) -> Submission:
    """报送: freeze the draft — the period's table as the ledger gives it now, the narrative, a number of
    the center's year, the place in its chain (hashed and signed) and on time or late against the due date
    (a due date ends at 24:00, 民法典 Art. 203). Submitting twice is refused; nothing submitted changes."""
    require_permission(actor, "submissions.submit_report", _("只有中心主任或代办员可以报送报表"))
    today = timezone.localdate(now)
    with transaction.atomic():
        s = lock_in_scope(Submission.objects, submission_id, actor, NOT_FOUND, _not_found())
        _check_own(actor, s.org)
        if s.state != SubmissionState.DRAFT:
            raise DomainError(
                "already_submitted", _("该报表已报送，不能再次报送；如需更正请提交更正"), kind="conflict"
            )
        org = s.org
        spec = spec_for(org, s.kind)
        if spec is None:
            raise DomainError("no_such_report", _("本单位不需报送这种报表"), kind="not_found")
        due = due_for(org, spec, s.period_key)
        if today < due.period.last:
            raise DomainError("period_not_over", _("报表期间尚未结束，期末当天起才能报送"))
        if org.kind != OrgKind.VILLAGE and not s.work:
            raise DomainError("work_required", _("请填写工作情况"))
        current = _current(org, s.kind, s.period_key)
        if (current.pk if current else None) != s.supersedes_id:
            raise DomainError(
                "superseded_meanwhile", _("该报表已有更新的报送，请刷新后再更正"), kind="conflict"
            )
        s.table = figures.frozen(figures.live_table(org, due.period, today=today))
        # The chain first, then the year's number: every submitter takes the two locks in the same order.
        s.chain_seq = next_value(chain.chain_key(org.code))
        s.year = today.year
        s.seq = next_value(chain.number_key(org.code, today.year))
        s.number = f"{org.code}-{today.year}-{s.seq:04d}"
        s.due_date, s.due_provisional = due.due.date, due.due.provisional
        s.on_time = today <= due.due.date
        s.state = SubmissionState.SUBMITTED
        s.submitted_at = now
        s.submitted_by = actor
        s.updated_at = now
        prev = (
            Submission.objects.filter(org=org, chain_seq=s.chain_seq - 1)
            .values_list("hash", flat=True)
            .first()
        )
        chain.seal(s, org.code, prev or GENESIS, chain.seal_key())
        try:
            with transaction.atomic():
                s.save()
        except IntegrityError:
            raise DomainError(
                "already_submitted", _("该报表已报送，不能再次报送；如需更正请提交更正"), kind="conflict"
            ) from None
        return s


# --------------------------------------------------------------------------------------- reminders


def record_reminders(orgs: list[Org], *, now: dt.datetime, days: int | None = None) -> int:
    """催报: one reminder per (org, report due, day) for every report due within ``days`` working days and
    not yet submitted; a second run the same day adds nothing. Returns how many were added."""
    today = timezone.localdate(now)
    due = due_soon(orgs, today=today, days=days)
    if not due:
        return 0
    existing = set(
        ReportReminder.objects.filter(day=today, org_id__in={r.org.pk for r in due}).values_list(
            "org_id", "kind", "period_key"
        )
    )
    rows = [
        ReportReminder(
            org=r.org,
            kind=r.kind,
            period_key=r.period.key,
            due_date=r.due_date,
            day=today,
            workdays_left=r.workdays_left,
            created_at=now,
        )
        for r in due
        if (r.org.pk, r.kind, r.period.key) not in existing
    ]
    with transaction.atomic():
        ReportReminder.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
