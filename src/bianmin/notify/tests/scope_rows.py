"""Rows of every notify admin at both towns, for the admin-scope guard (orgs/tests/test_admin_scope.py)."""

from __future__ import annotations

from typing import Any

from bianmin.conftest import at
from bianmin.notify import actions
from bianmin.notify.kinds import MessageKind
from bianmin.notify.models import DeliveryAttempt, Message, MessageTemplate


def make_rows(w: Any) -> None:
    """An SMS with one failed attempt and a center's own wording, at 象湖镇 and at 壬田镇."""
    for org in (w.town, w.town2):
        [message] = actions.enqueue(
            MessageKind.RESULT_READY,
            org=org,
            recipient_phone="13800001234",
            params={"number": f"N{org.pk}"},
            source=f"scope:{org.pk}",
            now=at(2026, 3, 2, 9),
        )
        DeliveryAttempt.objects.create(
            message=message, number=1, at=at(2026, 3, 2, 9), ok=False, error="HTTP 500"
        )
        MessageTemplate.objects.create(
            org=org, kind=MessageKind.ACCEPTANCE, body="受理{number}", updated_at=at(2026, 3, 1)
        )


def row_org(obj: Any) -> int | None:
    """The center of a delivery attempt (through its message); None for other rows."""
    if isinstance(obj, DeliveryAttempt):
        return obj.message.org_id
    return None


def out_of_reach(w: Any) -> dict[type, Any]:
    return {
        Message: Message.objects.get(org=w.town2),
        DeliveryAttempt: DeliveryAttempt.objects.get(message__org=w.town2),
        MessageTemplate: MessageTemplate.objects.get(org=w.town2),
    }
