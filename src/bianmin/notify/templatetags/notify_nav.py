"""The counter's bell: the signed-in staff member's unread in-app notifications, on every page (one query)."""

from __future__ import annotations

from typing import Any

from django import template

from bianmin.notify.selectors import unread_count
from bianmin.orgs.selectors import staff_of

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: Any) -> int | None:
    """How many of the user's notifications are unread (one count query), or None for a user who is no
    staff member (no bell)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or staff_of(user) is None:
        return None
    return unread_count(user)
