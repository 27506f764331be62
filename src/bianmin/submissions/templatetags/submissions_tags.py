"""The counter home's reminder of reports due soon (live: read from the calendar on every view)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from bianmin.submissions.selectors import due_soon, own_reporting_orgs

register = template.Library()


@register.inclusion_tag("submissions/_home_due.html", takes_context=True)
def reports_due(context: Any) -> dict[str, Any]:
    """The user's own reports not yet submitted and due within the setting's working days."""
    user = context["request"].user
    if not user.has_perm("submissions.submit_report"):
        return {"due": []}
    orgs = own_reporting_orgs(user)
    return {"due": due_soon(orgs, today=timezone.localdate()) if orgs else []}
