"""The counter home's upcoming meetings and training (live: read on every view, reminders marked)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from bianmin.duty.selectors import upcoming_for
from bianmin.orgs.selectors import staff_of

register = template.Library()


@register.inclusion_tag("duty/_upcoming.html", takes_context=True)
def upcoming_meetings(context: Any) -> dict[str, Any]:
    """The meetings of the user's center due a reminder (``MEETING_REMINDER_WORKDAYS`` working days ahead)."""
    user = context["request"].user
    if not user.has_perm("duty.view_meeting"):
        return {"meetings": []}
    return {"meetings": upcoming_for(staff_of(user), timezone.now())}
