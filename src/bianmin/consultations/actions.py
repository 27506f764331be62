"""Every change of a consultation or an FAQ row, one function each; pages, API and the counter's intake
call these.

Each action checks the actor's right and scope, locks the row (``select_for_update``), checks the state
against the model's transition table and refuses with a ``DomainError`` carrying a stable code; the change
and its ``ConsultationEvent`` are written in one transaction. A case is never changed here: turning a
consultation into a case is the counter's ordinary intake, which then calls ``record_case``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases.models import Case
from bianmin.catalog.models import ServiceItem
from bianmin.consultations.models import (
    Answer,
    Consultation,
    ConsultationChannel,
    ConsultationEvent,
    EventType,
    Faq,
    FaqState,
    State,
)
from bianmin.consultations.selectors import center_items
from bianmin.lib.errors import DomainError, require_permission, typed_text
from bianmin.lib.identity import clean_phone
from bianmin.lib.text import clean_person_name
from bianmin.orgs.models import OrgKind, Staff, Window
from bianmin.orgs.scope import lock_in_scope
from bianmin.orgs.selectors import held_window_ids, staff_of
from bianmin.outreach.models import MarketDay, MarketDayState
from bianmin.workdays.calendar import CalendarRangeError
from bianmin.workdays.services import add_workdays

MAX_MINUTES = 600  # a consultation longer than a working day is a typing slip
OPEN_FORM_HOURS = 8  # a form open longer than this says nothing about the time spent
NOT_FOUND = "consultation_not_found"


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _not_found() -> str:
    return _("找不到该咨询登记")


def _staff(actor: Any) -> Staff:
    staff = staff_of(actor)
    if staff is None:
        raise DomainError("not_center_staff", _("只有中心的工作人员可以登记咨询"), kind="forbidden")
    return staff


def _lock(consultation: Consultation | int, actor: Any) -> Consultation:
    return lock_in_scope(Consultation.objects, consultation, actor, NOT_FOUND, _not_found())


def _event(c: Consultation, type_: str, actor: Any, now: dt.datetime, **extra: Any) -> ConsultationEvent:
    return ConsultationEvent.objects.create(consultation=c, type=type_, at=now, actor=actor, **extra)


def _due(org: Any, today: dt.date, days: Any) -> tuple[dt.date, bool]:
    """The follow-up's due date: the n-th working day after today (default ``CONSULTATION_FOLLOW_UP_DAYS``)."""
    n = settings.CONSULTATION_FOLLOW_UP_DAYS if days in (None, "") else days
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 30:
        raise DomainError("invalid_due_days", _("跟进期限应为 1 至 30 个工作日"))
    try:
        due = add_workdays(today, n, org.region or None)
    except CalendarRangeError as exc:
        raise DomainError("calendar_range", _("该日期超出工作日历的范围")) from exc
    return due.date, due.provisional


def _minutes(minutes: Any, opened_at: Any, now: dt.datetime) -> int | None:
    """Time spent: as typed, else from when the form was opened (rounded up to whole minutes)."""
    if minutes not in (None, ""):
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 < minutes <= MAX_MINUTES:
            raise DomainError("invalid_minutes", _("用时应为 1 至 600 分钟"))
        return minutes
    if isinstance(opened_at, dt.datetime) and timezone.is_aware(opened_at):
        spent = (now - opened_at).total_seconds()
        if 0 <= spent <= OPEN_FORM_HOURS * 3600:
            return max(1, min(MAX_MINUTES, math.ceil(spent / 60)))
    return None


def _item(org: Any, item: ServiceItem | str | None) -> ServiceItem | None:
    if item in (None, ""):
        return None
    code = item.code if isinstance(item, ServiceItem) else str(item).strip()[:10]
    found = center_items(org).filter(code=code).first()
    if found is None:
        raise DomainError("item_not_found", _("本中心没有开通该事项（%(code)s）") % {"code": code})
    return found


def _window(org_id: int, window: Window | int | None, actor: Any, channel: str) -> Window | None:
    """The window named (of the center), else at a window the one the clerk holds there."""
    if window in (None, ""):
        if channel != ConsultationChannel.WINDOW:
            return None
        return Window.objects.filter(pk__in=held_window_ids(actor), org_id=org_id).order_by("number").first()
    pk = window.pk if isinstance(window, Window) else window
    found = Window.objects.filter(pk=pk, org_id=org_id).first()
    if found is None:
        raise DomainError("window_not_found", _("找不到本中心的该窗口"))
    return found


def _market_day(org_id: int, event: MarketDay | int | None, today: dt.date) -> MarketDay | None:
    """The market-day event named (of the center), else the center's event of today, if there is one."""
    if event in (None, ""):
        return (
            MarketDay.objects.filter(org_id=org_id, date=today)
            .exclude(state=MarketDayState.CANCELLED)
            .order_by("place", "pk")
            .first()
        )
    pk = event.pk if isinstance(event, MarketDay) else event
    found = MarketDay.objects.filter(pk=pk, org_id=org_id).first()
    if found is None:
        raise DomainError("market_day_not_found", _("找不到该赶场活动"))
    return found


def _choice(value: Any, choices: Any, code: str, message: str) -> str:
    if value not in choices.values:
        raise DomainError(code, message)
    return str(value)


# ---------------------------------------------------------------------------------------------- logging


def log(
    *,
    actor: Any,
    topic: Any,
    how: Any,
    channel: Any = ConsultationChannel.WINDOW,
    item: ServiceItem | str | None = None,
    window: Window | int | None = None,
    market_day: MarketDay | int | None = None,
    answer: Any = "",
    citizen_name: Any = "",
    citizen_phone: Any = "",
    minutes: int | None = None,
    opened_at: dt.datetime | None = None,
    due_days: int | None = None,
    now: dt.datetime | None = None,
) -> Consultation:
    """咨询登记: one question and how it was answered, by the logged-in staff member, who becomes its
    first contact (首问责任人). Three things are required: the topic, how it was answered and the channel
    (the window by default). Answered "needs a follow-up", it is open until a due date on working days."""
    now = _now(now)
    require_permission(actor, "consultations.add_consultation", _("您没有登记咨询的权限"))
    staff = _staff(actor)
    org = staff.org
    today = timezone.localdate(now)
    topic_text = typed_text(topic, max_length=200, code="topic_required", message=_("请填写咨询内容"))
    how = _choice(how, Answer, "invalid_answer", _("请选择答复方式"))
    channel = _choice(
        channel or ConsultationChannel.WINDOW, ConsultationChannel, "invalid_channel", _("请选择咨询方式")
    )
    phone = clean_phone(str(citizen_phone or ""))
    if phone is None:
        raise DomainError("invalid_phone", _("联系电话格式不正确"))
    c = Consultation(
        org=org,
        channel=channel,
        topic=topic_text,
        how=how,
        answer=typed_text(answer, max_length=2000),
        citizen_name=clean_person_name(typed_text(citizen_name, max_length=100)),
        citizen_phone=phone,
        minutes=_minutes(minutes, opened_at, now),
        asked_at=now,
        asked_on=today,
        answered_by=actor,
        first_contact=staff,
        owner=staff,
        updated_at=now,
    )
    c.item = _item(org, item)
    c.window = _window(org.pk, window, actor, channel)
    if channel == ConsultationChannel.MARKET_DAY and org.kind != OrgKind.VILLAGE:
        c.market_day = _market_day(org.pk, market_day, today)
    elif market_day not in (None, ""):
        raise DomainError("market_day_channel", _("只有赶场日的咨询可以关联赶场活动"))
    if how == Answer.FOLLOW_UP:
        c.state = State.FOLLOW_UP
        c.due_date, c.due_provisional = _due(org, today, due_days)
    with transaction.atomic():
        c.save()
        _event(c, EventType.LOGGED, actor, now)
        if c.state == State.FOLLOW_UP:
            _event(c, EventType.FOLLOW_UP, actor, now, to_staff=staff)
    return c


# ---------------------------------------------------------------------------------------------- 首问负责


def check_responsible(c: Consultation, actor: Any) -> Staff:
    """Following up is the owner's; a leader or the director may act for them (``reassign``)."""
    require_permission(actor, "consultations.follow_consultation", _("您没有跟进咨询的权限"))
    staff = _staff(actor)
    if c.owner_id != staff.pk and not actor.has_perm("consultations.reassign_consultation"):
        raise DomainError(
            "not_owner",
            _("该咨询由%(name)s负责，只有负责人或带班领导可以处理") % {"name": c.owner.name},
            kind="forbidden",
        )
    return staff


def check_following(c: Consultation) -> None:
    if c.state != State.FOLLOW_UP:
        raise DomainError(
            "not_following_up",
            _("该咨询不在跟进中（%(state)s）") % {"state": c.get_state_display()},
            kind="conflict",
        )


def check_mark_follow_up(c: Consultation, actor: Any) -> None:
    check_responsible(c, actor)
    if c.state != State.ANSWERED:
        raise DomainError(
            "cannot_follow_up",
            _("该咨询不能转为跟进（%(state)s）") % {"state": c.get_state_display()},
            kind="conflict",
        )


def check_follow(c: Consultation, actor: Any) -> None:
    """Hand over and close: the follow-up's owner (or a leader for them)."""
    check_responsible(c, actor)
    check_following(c)


def mark_follow_up(
    consultation: Consultation | int,
    *,
    actor: Any,
    days: int | None = None,
    note: Any = "",
    now: dt.datetime | None = None,
) -> Consultation:
    """转为跟进: an answered question needs more (a call back, a colleague's answer): open with a due date."""
    now = _now(now)
    with transaction.atomic():
        c = _lock(consultation, actor)
        check_mark_follow_up(c, actor)
        c.state = State.FOLLOW_UP
        c.due_date, c.due_provisional = _due(c.org, timezone.localdate(now), days)
        c.updated_at = now
        c.save(update_fields=["state", "due_date", "due_provisional", "updated_at"])
        _event(c, EventType.FOLLOW_UP, actor, now, to_staff=c.owner, note=typed_text(note, max_length=500))
    return c


def hand_over(
    consultation: Consultation | int,
    *,
    actor: Any,
    to: Staff | int,
    note: Any,
    now: dt.datetime | None = None,
) -> Consultation:
    """移交: the owner hands a follow-up to a colleague of the center, saying what was asked and what was
    done (003 曾家镇 首问负责制 四: 记录办理事项和要求 … 落实具体接待人员); the first contact stays on record."""
    now = _now(now)
    text = typed_text(note, max_length=500, code="note_required", message=_("请写明移交事项和要求"))
    with transaction.atomic():
        c = _lock(consultation, actor)
        check_responsible(c, actor)
        check_following(c)
        pk = to.pk if isinstance(to, Staff) else to
        receiver = Staff.objects.filter(pk=pk, org_id=c.org_id).first()
        if receiver is None:
            raise DomainError("staff_not_of_center", _("只能移交给本中心的工作人员"))
        if receiver.pk == c.owner_id:
            raise DomainError(
                "same_owner", _("该咨询已由%(name)s负责") % {"name": receiver.name}, kind="conflict"
            )
        giver = c.owner
        c.owner = receiver
        c.updated_at = now
        c.save(update_fields=["owner", "updated_at"])
        _event(c, EventType.HAND_OVER, actor, now, from_staff=giver, to_staff=receiver, note=text)
    return c


def check_take_over(c: Consultation, actor: Any) -> Staff:
    """Who may take a follow-up over: staff of its center with the right, other than its owner."""
    require_permission(actor, "consultations.follow_consultation", _("您没有跟进咨询的权限"))
    staff = _staff(actor)
    if staff.org_id != c.org_id:
        raise DomainError("staff_not_of_center", _("只有本中心的工作人员可以接手"), kind="forbidden")
    check_following(c)
    if c.owner_id == staff.pk:
        raise DomainError("already_owner", _("该咨询已由您负责"), kind="conflict")
    return staff


def can(check: Any, *args: Any) -> bool:
    """Whether a guard lets the action through: the pages show a step's form by asking its own guard."""
    try:
        check(*args)
    except DomainError:
        return False
    return True


def take_over(
    consultation: Consultation | int,
    *,
    actor: Any,
    owner_seen: Staff | int,
    note: Any = "",
    now: dt.datetime | None = None,
) -> Consultation:
    """接手: a colleague takes over a follow-up whose owner is away (003 曾家镇 首问负责制 四). ``owner_seen``
    is the owner the page showed: when two take it over at once, the first wins and the second is told who
    has it now, rather than silently taking it from them."""
    now = _now(now)
    with transaction.atomic():
        c = _lock(consultation, actor)
        staff = check_take_over(c, actor)
        seen = owner_seen.pk if isinstance(owner_seen, Staff) else owner_seen
        if c.owner_id != seen:
            raise DomainError(
                "already_taken_over",
                _("该咨询刚刚已由%(name)s接手") % {"name": c.owner.name},
                kind="conflict",
            )
        giver = c.owner
        c.owner = staff
        c.updated_at = now
        c.save(update_fields=["owner", "updated_at"])
        _event(
            c,
            EventType.TAKE_OVER,
            actor,
            now,
            from_staff=giver,
            to_staff=staff,
            note=typed_text(note, max_length=500),
        )
    return c


def close(
    consultation: Consultation | int, *, actor: Any, answer: Any, now: dt.datetime | None = None
) -> Consultation:
    """办结答复: the follow-up ends with the answer given to the citizen (跟踪负责至该事项办理完毕)."""
    now = _now(now)
    text = typed_text(answer, max_length=2000, code="answer_required", message=_("请填写答复内容"))
    with transaction.atomic():
        c = _lock(consultation, actor)
        check_responsible(c, actor)
        check_following(c)
        c.state = State.CLOSED
        c.answer = text
        c.closed_at = now
        c.updated_at = now
        c.save(update_fields=["state", "answer", "closed_at", "updated_at"])
        _event(c, EventType.CLOSE, actor, now, note=text[:500])
    return c


def check_to_case(c: Consultation, actor: Any) -> None:
    """Turning into a case: whoever may follow consultations up and register cases, while it is not one."""
    require_permission(actor, "consultations.follow_consultation", _("您没有跟进咨询的权限"))
    require_permission(actor, "cases.register_case", _("您没有登记办件的权限"))
    if not c.can_become(State.CASE):
        raise DomainError("cannot_become_case", _("该咨询不能转为办件"), kind="conflict")


def record_case(
    consultation: Consultation | int, *, actor: Any, case: Case, now: dt.datetime | None = None
) -> Consultation:
    """转为办件: the case the counter's intake registered from this consultation, recorded on it. Called by
    the intake after a successful registration; recording the same case again changes nothing."""
    now = _now(now)
    with transaction.atomic():
        c = _lock(consultation, actor)
        if c.case_id == case.pk:
            return c
        if c.case_id is not None:
            raise DomainError(
                "already_a_case",
                _("该咨询已转为办件 %(number)s") % {"number": c.case.number if c.case else ""},
                kind="conflict",
            )
        centers = {c.org_id, c.org.parent_id if c.org.kind == OrgKind.VILLAGE else c.org_id}
        if case.org_id not in centers:
            raise DomainError("case_of_other_center", _("办件与咨询不属于同一中心"))
        check_to_case(c, actor)
        c.state = State.CASE
        c.case = case
        c.closed_at = c.closed_at or now
        c.updated_at = now
        try:
            with transaction.atomic():
                c.save(update_fields=["state", "case", "closed_at", "updated_at"])
        except IntegrityError as exc:  # the case is already another consultation's
            raise DomainError("case_taken", _("该办件已关联其他咨询"), kind="conflict") from exc
        _event(c, EventType.CASE, actor, now, note=case.number)
    return c


# ---------------------------------------------------------------------------------------------- the FAQ


def _faq_center(actor: Any) -> Any:
    require_permission(actor, "consultations.publish_faq", _("您没有编写常见问题的权限"))
    return _staff(actor).org


def save_faq(
    *,
    actor: Any,
    item: ServiceItem | str,
    question: Any,
    answer: Any,
    position: int = 0,
    asked: int = 0,
    faq: Faq | int | None = None,
    now: dt.datetime | None = None,
) -> Faq:
    """Write (or rewrite) a question and its answer for an item of the director's center, as a draft until
    published; a published row rewritten stays published with the new words."""
    now = _now(now)
    org = _faq_center(actor)
    found = _item(org, item)
    if found is None:
        raise DomainError("item_required", _("请选择事项"))
    q = typed_text(question, max_length=200, code="question_required", message=_("请填写问题"))
    a = typed_text(answer, max_length=2000, code="answer_required", message=_("请填写答复内容"))
    if not isinstance(position, int) or not 0 <= position <= 999:
        raise DomainError("invalid_position", _("排序应为 0 至 999"))
    try:
        with transaction.atomic():
            if faq is None:
                row = Faq(org=org, state=FaqState.DRAFT)
            else:
                row = lock_in_scope(Faq.objects, faq, actor, "faq_not_found", _("找不到该常见问题"))
            row.item, row.question, row.answer, row.position = found, q, a, position
            row.asked = max(row.asked, asked if isinstance(asked, int) else 0)
            row.updated_at, row.updated_by = now, actor
            row.save()
    except IntegrityError as exc:
        raise DomainError("faq_exists", _("该事项已有这个问题"), kind="conflict") from exc
    return row


def publish_faq(faq: Faq | int, *, actor: Any, publish: bool = True, now: dt.datetime | None = None) -> Faq:
    """发布 (or 撤下) a question on the item's public guide page."""
    now = _now(now)
    _faq_center(actor)
    with transaction.atomic():
        row = lock_in_scope(Faq.objects, faq, actor, "faq_not_found", _("找不到该常见问题"))
        target = FaqState.PUBLISHED if publish else FaqState.WITHDRAWN
        if row.state == target:
            raise DomainError(
                "faq_already",
                _("该问题已是“%(state)s”") % {"state": row.get_state_display()},
                kind="conflict",
            )
        row.state = target
        row.published_at = now if publish else row.published_at
        row.updated_at, row.updated_by = now, actor
        row.save(update_fields=["state", "published_at", "updated_at", "updated_by"])
    return row
