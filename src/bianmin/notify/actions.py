"""Every change to the outbox: ``enqueue`` (a message with its cause), the opt-out list, the wording per
kind, and marking an in-app notification read or a letter printed.

``enqueue`` runs inside its caller's transaction, so the message exists exactly when its cause does; a second
call with the same ``source`` creates nothing (the row is unique on source, channel and recipient, and the
insert skips a conflict without breaking the caller's transaction).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.lib.errors import DomainError, require_permission, typed_text
from bianmin.lib.identity import clean_phone
from bianmin.notify.kinds import STAFF_KINDS, ChannelKind, MessageKind, fill
from bianmin.notify.models import (
    BODY_MAX,
    Message,
    MessageState,
    MessageTemplate,
    OptOut,
    OptOutSource,
)
from bianmin.notify.selectors import opted_out_phones, wording_for
from bianmin.orgs.models import Org, Staff
from bianmin.orgs.scope import check_scope, lock_in_scope


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _params(org: Org, params: dict[str, Any] | None) -> dict[str, str]:
    values = {"org": org.short_name or org.name}
    for key, value in (params or {}).items():
        values[str(key)] = "" if value is None else str(value)
    return values


def enqueue(
    kind: str,
    *,
    org: Org,
    recipient_phone: str = "",
    recipient_email: str = "",
    staff: Staff | None = None,
    params: dict[str, Any] | None = None,
    source: str,
    recipient_name: str = "",
    address: str = "",
    case_number: str = "",
    event: Any = None,
    now: dt.datetime | None = None,
) -> list[Message]:
    """Messages of ``kind`` to one person, created in the caller's transaction.

    Staff get an in-app notification; a citizen an SMS to ``recipient_phone`` and an e-mail to
    ``recipient_email`` when given, and when neither, a letter for the window to print (those without a
    phone, 000 篇1 "以电话或上门回覆"). A phone on the opt-out list gets its SMS recorded as not sent.
    ``source`` names the cause, e.g. ``appointment:17:reminder``; calling again with it adds nothing.
    """
    if kind not in MessageKind.values:
        raise DomainError("unknown_message_kind", _("没有这种通知类型"))
    source = typed_text(source, max_length=80, code="source_required", message=_("请说明通知的来源"))
    now = _now(now)
    values = _params(org, params)
    wording = wording_for(org, kind)
    body = fill(wording.body, values)[:BODY_MAX]
    common = {
        "org": org,
        "kind": kind,
        "source": source,
        "event": event,
        "case_number": case_number,
        "params": values,
        "gateway_template": wording.gateway_template,
        "subject": str(MessageKind(kind).label)[:100],
        "body": body,
        "created_at": now,
        "next_attempt_at": now,
    }
    rows: list[Message] = []
    if staff is not None or kind in STAFF_KINDS:
        if staff is None:
            raise DomainError("staff_required", _("站内通知须指定工作人员"))
        # In the counter the row is the notification: nothing to deliver, shown at once.
        rows.append(
            Message(
                **common,
                channel=ChannelKind.INAPP,
                recipient=f"staff:{staff.pk}",
                staff=staff,
                recipient_name=staff.name,
                state=MessageState.SENT,
                sent_at=now,
            )
        )
    else:
        phone = clean_phone(recipient_phone or "") or ""
        email = (recipient_email or "").strip()[:200]
        common["recipient_name"] = recipient_name[:100]
        if phone:
            skipped = phone in opted_out_phones([phone])
            rows.append(
                Message(
                    **common,
                    channel=ChannelKind.SMS,
                    recipient=phone,
                    state=MessageState.SKIPPED if skipped else MessageState.PENDING,
                    skip_reason=_("已退订短信") if skipped else "",
                )
            )
        if email:
            rows.append(Message(**common, channel=ChannelKind.EMAIL, recipient=email))
        if not rows:
            if not recipient_name:
                raise DomainError("no_recipient", _("没有电话、邮箱或姓名，无法通知"))
            rows.append(
                Message(
                    **common,
                    channel=ChannelKind.LETTER,
                    recipient=recipient_name[:200],
                    address=address[:200],
                )
            )
    Message.objects.bulk_create(rows, ignore_conflicts=True)
    return list(Message.objects.filter(source=source, channel__in=[r.channel for r in rows]).order_by("id"))


def record_opt_out(
    phone: str,
    *,
    actor: Any = None,
    source: str = OptOutSource.STAFF,
    note: str = "",
    now: dt.datetime | None = None,
) -> OptOut:
    """退订: the number gets no more SMS; its pending SMS are recorded as not sent. A staff member records it
    from a call or a visit; a reply keyword (``TD``/``退订``) from the gateway records it without one."""
    if source == OptOutSource.STAFF:
        require_permission(actor, "notify.add_optout", _("你没有登记短信退订的权限"))
    cleaned = clean_phone(phone or "")
    if not cleaned:
        raise DomainError("invalid_phone", _("联系电话格式不正确"))
    note = typed_text(note, max_length=200)
    now = _now(now)
    with transaction.atomic():
        entry, _created = OptOut.objects.get_or_create(
            phone=cleaned,
            defaults={"source": source, "recorded_at": now, "recorded_by": actor, "note": note},
        )
        Message.objects.filter(recipient=cleaned, channel=ChannelKind.SMS, state=MessageState.PENDING).update(
            state=MessageState.SKIPPED, skip_reason=_("已退订短信"), lease_token=""
        )
    return entry


OPT_OUT_WORDS = frozenset({"TD", "T", "退订", "N", "STOP", "QX", "取消"})


def record_reply(phone: str, text: str, *, now: dt.datetime | None = None) -> OptOut | None:
    """A citizen's SMS reply as the gateway reports it: an opt-out keyword records the opt-out; anything
    else is not an opt-out (None)."""
    if str(text or "").strip().upper() not in OPT_OUT_WORDS:
        return None
    return record_opt_out(phone, source=OptOutSource.REPLY, note=str(text).strip()[:20], now=now)


def withdraw_opt_out(phone: str, *, actor: Any) -> None:
    """A citizen asks for SMS again (登记恢复): the number leaves the list; messages not sent stay so."""
    require_permission(actor, "notify.delete_optout", _("你没有取消短信退订的权限"))
    deleted, _rows = OptOut.objects.filter(phone=clean_phone(phone or "") or "").delete()
    if not deleted:
        raise DomainError("not_opted_out", _("该号码没有退订"), kind="not_found")


def save_template(
    org: Org, kind: str, *, actor: Any, body: str, gateway_template: str = "", now: dt.datetime | None = None
) -> MessageTemplate:
    """改模板: the director (or the county admin) words a kind for their center; messages created after it
    use it, messages already created keep the text they were given."""
    require_permission(actor, "notify.edit_template", _("只有中心主任或县级管理员可以修改通知模板"))
    check_scope(actor, org.pk, "org_not_found", _("没有找到该中心"))
    if kind not in MessageKind.values:
        raise DomainError("unknown_message_kind", _("没有这种通知类型"))
    body = typed_text(body, max_length=BODY_MAX, code="body_required", message=_("请填写通知内容"))
    gateway_template = typed_text(gateway_template, max_length=40)
    with transaction.atomic():
        row, _created = MessageTemplate.objects.update_or_create(
            org=org,
            kind=kind,
            defaults={
                "body": body,
                "gateway_template": gateway_template,
                "updated_at": _now(now),
                "updated_by": actor,
            },
        )
    return row


def mark_read(message: Message | int, *, actor: Any, now: dt.datetime | None = None) -> Message:
    """已读: the staff member reads their own in-app notification."""
    with transaction.atomic():
        pk = message.pk if isinstance(message, Message) else message
        row = Message.objects.select_for_update().filter(pk=pk, staff__user=actor).first()
        if row is None:
            raise DomainError("message_not_found", _("没有找到该通知"), kind="not_found")
        if row.read_at is None:
            row.read_at = _now(now)
            row.save(update_fields=["read_at"])
    return row


def mark_all_read(*, actor: Any, now: dt.datetime | None = None) -> int:
    """全部已读."""
    return Message.objects.filter(staff__user=actor, read_at__isnull=True).update(read_at=_now(now))


def retry(message: Message | int, *, actor: Any, now: dt.datetime | None = None) -> Message:
    """重发: a failed message is queued again for the worker. Its log goes on (the next attempt is numbered
    after the last); a manual retry is one more try, so a message that fails again is failed again.
    Refused: a message not failed (``not_failed``), an SMS to a number that has since opted out
    (``opted_out``)."""
    require_permission(actor, "notify.change_message", _("你没有重发通知的权限"))
    with transaction.atomic():
        row = lock_in_scope(Message.objects, message, actor, "message_not_found", _("没有找到该通知"))
        if row.channel == ChannelKind.INAPP or row.state != MessageState.FAILED:
            raise DomainError("not_failed", _("只有发送失败的通知可以重发"), kind="conflict")
        if row.channel == ChannelKind.SMS and opted_out_phones([row.recipient]):
            raise DomainError("opted_out", _("该号码已退订短信，不能重发"), kind="conflict")
        row.state = MessageState.PENDING
        row.next_attempt_at = _now(now)
        row.lease_token = ""
        row.lease_until = None
        row.save(update_fields=["state", "next_attempt_at", "lease_token", "lease_until"])
    return row


def mark_printed(message: Message | int, *, actor: Any, now: dt.datetime | None = None) -> Message:
    """已打印: a letter was printed at the window and leaves the print list."""
    require_permission(actor, "notify.view_message", _("你没有打印书面通知的权限"))
    with transaction.atomic():
        row = lock_in_scope(Message.objects, message, actor, "message_not_found", _("没有找到该通知"))
        if row.channel != ChannelKind.LETTER:
            raise DomainError("not_a_letter", _("只有书面通知需要打印"))
        if row.printed_at is None:
            row.printed_at = _now(now)
            row.save(update_fields=["printed_at"])
    return row
