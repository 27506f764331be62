"""Every change of a complaint or an opinion-book entry, one function each; pages and API call these.

Each action checks the actor's right and scope, locks the row (``select_for_update``), checks the state and
refuses with a ``DomainError`` carrying a stable code. The rules are 003 曾家镇便民服务中心效能投诉制度's:

- 二、投诉可采用口头、电话或书面形式 … 涉及重大事项的投诉,应采用书面形式: a complaint flagged major must be a
  written one (letter, box, online form).
- 六、一般投诉 … 当日或三天内给予答复: the reply is due three working days after receipt (the same day counts).
- 七、书面投诉必须书面答复: a written complaint is answered with a numbered reply notice; 重大投诉事项应及时向
  “中心”领导和上级纪检部门汇报: a major complaint is referred (移送) before it is answered.
- 四、调查核实后 … 作出处理,并将处理意见及时反馈给投诉人: the supervisor decides upheld or not upheld, with the
  findings and a reason, once the complainant has been answered; nobody decides a complaint against themself.
- 三、对投诉人及投诉事项予以保密: only supervisors see who complained (``selectors.can_see_complainant``).

Anonymous complaints: a box slip, a phone call and a complaint made at the counter may be anonymous (they
are answered on the spot or on file); a letter and the online form name the complainant and a phone,
because the written reply must reach them (四 反馈给投诉人).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases.models import Case
from bianmin.complaints.models import (
    REPLY_WORKDAYS,
    WRITTEN_CHANNELS,
    AuthorKind,
    Channel,
    Complaint,
    ComplaintState,
    OpinionEntry,
    OpinionSource,
    OpinionState,
    Referral,
    ReplyMode,
)
from bianmin.complaints.notices import issue_reply_notice
from bianmin.lib.errors import DomainError, require_permission, typed_text
from bianmin.lib.identity import clean_phone
from bianmin.lib.text import clean_person_name
from bianmin.notify import actions as notify
from bianmin.notify.kinds import MessageKind
from bianmin.orgs.models import Org, Staff, Window
from bianmin.orgs.scope import check_scope, lock_in_scope
from bianmin.orgs.selectors import staff_of
from bianmin.workdays.services import add_workdays

# Channels a complaint may come by without a name (see the module's docstring).
ANONYMOUS_CHANNELS = frozenset({Channel.BOX, Channel.PHONE, Channel.IN_PERSON})
CONTENT_MAX = 2000


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _person(name: Any, phone: Any) -> tuple[str, str]:
    clean_name = typed_text(clean_person_name(name), max_length=100)
    clean = clean_phone(str(phone or ""))
    if clean is None:
        raise DomainError("invalid_phone", _("联系电话格式不正确"))
    return clean_name, clean


def reply_due_date(org: Org, received_on: dt.date) -> dt.date:
    """六、当日或三天内给予答复: the third working day after the day of receipt (a complaint received on a
    rest day has three working days from the next one)."""
    return add_workdays(received_on, REPLY_WORKDAYS, org.region_code).date


# ---------------------------------------------------------------------------------------------- complaints

_NOT_FOUND = "complaint_not_found"


def _not_found() -> str:
    return _("找不到该投诉")


def _lock(complaint: Complaint | int, actor: Any) -> Complaint:
    return lock_in_scope(Complaint.objects.select_related("org"), complaint, actor, _NOT_FOUND, _not_found())


def _against_self(complaint: Complaint, actor: Any, message: str) -> None:
    staff = staff_of(actor)
    if staff is not None and complaint.against_staff_id == staff.pk:
        raise DomainError("complaint_against_self", message, kind="forbidden")


def _targets(
    org: Org, *, staff: Staff | int | None, window: Window | int | None, case: Case | int | None
) -> tuple[Staff | None, Window | None, Case | None]:
    """The staff member, window and case complained of, each of which must be the center's own."""
    found_staff = found_window = found_case = None
    if staff is not None:
        pk = staff.pk if isinstance(staff, Staff) else staff
        found_staff = Staff.objects.filter(pk=pk, org=org).first()
        if found_staff is None:
            raise DomainError("staff_not_of_center", _("被投诉人不是本中心的工作人员"))
    if window is not None:
        pk = window.pk if isinstance(window, Window) else window
        found_window = Window.objects.filter(pk=pk, org=org).first()
        if found_window is None:
            raise DomainError("window_not_of_center", _("被投诉窗口不是本中心的窗口"))
    if case is not None:
        pk = case.pk if isinstance(case, Case) else case
        found_case = Case.objects.filter(pk=pk, org=org).first()
        if found_case is None:
            raise DomainError("case_not_of_center", _("该办件不是本中心受理的办件"))
    return found_staff, found_window, found_case


def receive_complaint(
    *,
    actor: Any,
    org: Org,
    channel: str,
    content: str,
    complainant_name: str = "",
    complainant_phone: str = "",
    against_staff: Staff | int | None = None,
    against_window: Window | int | None = None,
    case: Case | int | None = None,
    major: bool = False,
    now: dt.datetime | None = None,
) -> Complaint:
    """受理投诉: recorded by the center's staff (``actor``) or sent online by a citizen (``actor`` None)."""
    now = _now(now)
    if actor is None:
        if channel != Channel.ONLINE:
            raise DomainError("channel_not_allowed", _("网上只能提交网上投诉"))
        if major:
            raise DomainError("permission_denied", _("只有受理人员可以标记重大投诉"), kind="forbidden")
    else:
        require_permission(actor, "complaints.add_complaint", _("你没有受理投诉的权限"))
        check_scope(actor, org.pk, "org_not_found", _("找不到该中心"))
    if channel not in Channel.values:
        raise DomainError("invalid_channel", _("投诉方式不正确"))
    content = typed_text(
        content, max_length=CONTENT_MAX, code="content_required", message=_("请填写投诉内容")
    )
    name, phone = _person(complainant_name, complainant_phone)
    if channel not in ANONYMOUS_CHANNELS and not (name and phone):
        raise DomainError(
            "complainant_required", _("书面投诉须留下投诉人姓名和联系电话，以便书面答复（可匿名投入投诉箱）")
        )
    if major and channel not in WRITTEN_CHANNELS:
        raise DomainError("major_needs_writing", _("涉及重大事项的投诉，应采用书面形式"))
    staff, window, found_case = _targets(org, staff=against_staff, window=against_window, case=case)
    received_on = timezone.localtime(now).date()
    with transaction.atomic():
        return Complaint.objects.create(
            org=org,
            channel=channel,
            content=content,
            complainant_name=name,
            complainant_phone=phone,
            against_staff=staff,
            against_window=window,
            case=found_case,
            major=major,
            received_at=now,
            received_on=received_on,
            received_by=actor,
            due_date=reply_due_date(org, received_on),
        )


def mark_major(complaint: Complaint | int, *, actor: Any, now: dt.datetime | None = None) -> Complaint:
    """The receiving clerk or a supervisor flags an open complaint as major (重大投诉)."""
    with transaction.atomic():
        locked = _lock(complaint, actor)
        if not (
            actor.has_perm("complaints.decide_complaint")
            or (locked.received_by_id is not None and locked.received_by_id == actor.pk)
        ):
            raise DomainError(
                "permission_denied", _("只有受理人或监察人员可以标记重大投诉"), kind="forbidden"
            )
        if locked.major:
            raise DomainError("already_major", _("该投诉已是重大投诉"), kind="conflict")
        if not locked.is_open:
            raise DomainError("complaint_answered", _("该投诉已答复，不能再标记"), kind="conflict")
        if not locked.is_written:
            raise DomainError("major_needs_writing", _("涉及重大事项的投诉，应采用书面形式"))
        locked.major = True
        locked.save(update_fields=["major"])
        return locked


def refer_complaint(
    complaint: Complaint | int,
    *,
    actor: Any,
    note: str,
    to_user: Any = None,
    to_body: str = "",
    now: dt.datetime | None = None,
) -> Referral:
    """移送: a major complaint reported to the center's leader (``to_user``) and/or the discipline office
    (``to_body``, e.g. 镇纪委), with a note; it may be referred more than once while unanswered."""
    now = _now(now)
    require_permission(actor, "complaints.refer_complaint", _("你没有移送投诉的权限"))
    note = typed_text(note, max_length=1000, code="note_required", message=_("请填写移送说明"))
    to_body = typed_text(to_body, max_length=100)
    with transaction.atomic():
        locked = _lock(complaint, actor)
        if not locked.major:
            raise DomainError("not_major", _("只有重大投诉需要移送"), kind="conflict")
        if not locked.is_open:
            raise DomainError("complaint_answered", _("该投诉已答复，不能再移送"), kind="conflict")
        if to_user is None and not to_body:
            raise DomainError("referral_target_required", _("请选择移送对象"))
        if to_user is not None:
            target = staff_of(to_user)
            if target is None or target.org_id != locked.org_id:
                raise DomainError("staff_not_of_center", _("只能移送给本中心的领导"))
        referral = Referral.objects.create(
            complaint=locked, to_user=to_user, to_body=to_body, note=note, referred_at=now, referred_by=actor
        )
        locked.state = ComplaintState.REFERRED
        locked.save(update_fields=["state"])
        return referral


def reply_complaint(
    complaint: Complaint | int, *, actor: Any, text: str, mode: str, now: dt.datetime | None = None
) -> Complaint:
    """答复: the answer to the complainant and how it was given; a written complaint is answered in
    writing, and its reply notice is numbered and stored in the same transaction."""
    now = _now(now)
    require_permission(actor, "complaints.reply_complaint", _("你没有答复投诉的权限"))
    text = typed_text(text, max_length=2000, code="reply_required", message=_("请填写答复内容"))
    if mode not in ReplyMode.values:
        raise DomainError("invalid_reply_mode", _("答复方式不正确"))
    with transaction.atomic():
        locked = _lock(complaint, actor)
        _against_self(locked, actor, _("不能答复针对自己的投诉"))
        if not locked.is_open:
            raise DomainError("already_replied", _("该投诉已答复"), kind="conflict")
        if locked.major and locked.state != ComplaintState.REFERRED:
            raise DomainError(
                "referral_required", _("重大投诉须先向中心领导和纪检部门移送，再答复"), kind="conflict"
            )
        if locked.is_written and mode != ReplyMode.WRITTEN:
            raise DomainError("written_reply_required", _("书面投诉必须书面答复"))
        locked.reply_text, locked.reply_mode = text, mode
        locked.replied_at, locked.replied_by = now, actor
        locked.state = ComplaintState.REPLIED
        locked.save(update_fields=["reply_text", "reply_mode", "replied_at", "replied_by", "state"])
        if mode == ReplyMode.WRITTEN:
            issue_reply_notice(locked, actor=actor, now=now)
        if locked.complainant_phone:  # the complainant is told by SMS that the answer is there
            notify.enqueue(
                MessageKind.COMPLAINT_REPLY,
                org=locked.org,
                recipient_phone=locked.complainant_phone,
                recipient_name=locked.complainant_name,
                params={"note": text[:50]},
                source=f"complaint:{locked.pk}:reply",
                now=now,
            )
        return locked


def decide_complaint(
    complaint: Complaint | int,
    *,
    actor: Any,
    upheld: bool,
    findings: str,
    reason: str,
    now: dt.datetime | None = None,
) -> Complaint:
    """认定: the supervisor finds the complaint upheld (成立) or not, with the findings of the check and a
    reason, after the complainant was answered; this closes it."""
    now = _now(now)
    require_permission(actor, "complaints.decide_complaint", _("只有监察人员可以认定投诉"))
    findings = typed_text(
        findings, max_length=2000, code="findings_required", message=_("请填写调查核实情况")
    )
    reason = typed_text(reason, max_length=1000, code="reason_required", message=_("请填写处理意见"))
    if not isinstance(upheld, bool):
        raise DomainError("upheld_required", _("请选择投诉是否成立"))
    with transaction.atomic():
        locked = _lock(complaint, actor)
        _against_self(locked, actor, _("不能认定针对自己的投诉"))
        if locked.state == ComplaintState.DECIDED:
            raise DomainError("already_decided", _("该投诉已办结"), kind="conflict")
        if locked.state != ComplaintState.REPLIED:
            raise DomainError("not_replied", _("投诉人尚未得到答复，不能办结"), kind="conflict")
        if locked.is_written and not hasattr(locked, "reply_notice"):
            raise DomainError("written_reply_required", _("书面投诉必须书面答复"), kind="conflict")
        locked.upheld, locked.findings, locked.decision_reason = upheld, findings, reason
        locked.decided_at, locked.decided_by = now, actor
        locked.state = ComplaintState.DECIDED
        locked.save(
            update_fields=["upheld", "findings", "decision_reason", "decided_at", "decided_by", "state"]
        )
        return locked


# ---------------------------------------------------------------------------------------------- opinions

_OPINION_NOT_FOUND = "opinion_not_found"


def _opinion_not_found() -> str:
    return _("找不到该意见")


def _lock_opinion(entry: OpinionEntry | int, actor: Any) -> OpinionEntry:
    return lock_in_scope(OpinionEntry.objects, entry, actor, _OPINION_NOT_FOUND, _opinion_not_found())


def record_opinion(
    *,
    actor: Any,
    org: Org,
    source: str,
    content: str,
    author_kind: str,
    author_name: str = "",
    author_phone: str = "",
    author_staff: Staff | int | None = None,
    consent_to_publish: bool = False,
    now: dt.datetime | None = None,
) -> OpinionEntry:
    """An entry of the opinion book, a card or a box slip transcribed by a clerk, or a citizen's online
    message (``actor`` None: source online, a citizen or anonymous)."""
    now = _now(now)
    if source not in OpinionSource.values:
        raise DomainError("invalid_source", _("意见来源不正确"))
    if author_kind not in AuthorKind.values:
        raise DomainError("invalid_author_kind", _("提出人类别不正确"))
    if actor is None:
        if source != OpinionSource.ONLINE:
            raise DomainError("source_not_allowed", _("网上只能提交网上留言"))
        if author_kind == AuthorKind.STAFF:
            raise DomainError("invalid_author_kind", _("提出人类别不正确"))
    else:
        require_permission(actor, "complaints.add_opinionentry", _("你没有登记意见的权限"))
        check_scope(actor, org.pk, "org_not_found", _("找不到该中心"))
    content = typed_text(
        content, max_length=CONTENT_MAX, code="content_required", message=_("请填写意见内容")
    )
    name, phone = _person(author_name, author_phone)
    staff = None
    if author_kind == AuthorKind.STAFF:
        if author_staff is None:
            raise DomainError("author_staff_required", _("请选择提出意见的工作人员"))
        pk = author_staff.pk if isinstance(author_staff, Staff) else author_staff
        staff = Staff.objects.filter(pk=pk, org=org).first()
        if staff is None:
            raise DomainError("staff_not_of_center", _("提出人不是本中心的工作人员"))
        name, phone = staff.name, ""
    elif author_kind == AuthorKind.CITIZEN and not name:
        raise DomainError("author_name_required", _("请填写提出人姓名（或选择匿名）"))
    elif author_kind == AuthorKind.ANONYMOUS:
        name, phone = "", ""
    with transaction.atomic():
        return OpinionEntry.objects.create(
            org=org,
            source=source,
            content=content,
            author_kind=author_kind,
            author_name=name,
            author_phone=phone,
            author_staff=staff,
            consent_to_publish=bool(consent_to_publish) and author_kind != AuthorKind.STAFF,
            recorded_at=now,
            recorded_by=actor,
        )


def answer_opinion(
    entry: OpinionEntry | int,
    *,
    actor: Any,
    answer: str,
    publish: bool = False,
    now: dt.datetime | None = None,
) -> OpinionEntry:
    """答复 an entry; ``publish`` shows the answer on the hall's page, only if the author agreed to it."""
    now = _now(now)
    require_permission(actor, "complaints.answer_opinionentry", _("你没有答复意见的权限"))
    answer = typed_text(answer, max_length=2000, code="answer_required", message=_("请填写答复内容"))
    with transaction.atomic():
        locked = _lock_opinion(entry, actor)
        if locked.state == OpinionState.ANSWERED:
            raise DomainError("already_answered", _("该意见已答复"), kind="conflict")
        if publish and not locked.consent_to_publish:
            raise DomainError("no_consent", _("提出人未同意公开，不能在大厅公布"), kind="conflict")
        locked.answer, locked.answered_at, locked.answered_by = answer, now, actor
        locked.state = OpinionState.ANSWERED
        locked.published = bool(publish)
        locked.save(update_fields=["answer", "answered_at", "answered_by", "state", "published"])
        return locked


def adopt_opinion(
    entry: OpinionEntry | int, *, actor: Any, note: str, now: dt.datetime | None = None
) -> OpinionEntry:
    """采纳: the center takes up the suggestion; it is credited to its author for the assessment."""
    now = _now(now)
    require_permission(actor, "complaints.adopt_opinionentry", _("你没有采纳建议的权限"))
    note = typed_text(note, max_length=300, code="note_required", message=_("请填写采纳说明"))
    with transaction.atomic():
        locked = _lock_opinion(entry, actor)
        if locked.adopted:
            raise DomainError("already_adopted", _("该建议已采纳"), kind="conflict")
        if locked.state != OpinionState.ANSWERED:
            raise DomainError("not_answered", _("请先答复提出人，再采纳"), kind="conflict")
        locked.adopted, locked.adopted_at, locked.adopted_by, locked.adoption_note = True, now, actor, note
        locked.save(update_fields=["adopted", "adopted_at", "adopted_by", "adoption_note"])
        return locked
