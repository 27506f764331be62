"""The counter's navigation: how many online applications wait for review (网上预审), on every page."""

from __future__ import annotations

from typing import Any

from django import template

from bianmin.cases.lifecycle import TRANSITION
from bianmin.cases.steps import Step
from bianmin.counter import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def online_review_counts(context: Any) -> dict[str, int] | None:
    """Counts for the nav (one query), or None for staff who do not review online applications."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm(TRANSITION[Step.ACCEPT].permission):
        return None
    return selectors.online_review_counts(user)
