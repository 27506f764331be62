"""The case page's 好差评 panel: the case's ratings with their rectification, the 请评价 button for the
window's evaluator, and the SMS rating link (included by the counter's case page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from bianmin.feedback.actions import RATEABLE, occasion_of
from bianmin.feedback.links import sms_rating_url
from bianmin.feedback.models import Occasion
from bianmin.feedback.selectors import case_ratings, rectification_status
from bianmin.orgs.models import Window
from bianmin.orgs.selectors import held_window_ids

register = template.Library()


@register.inclusion_tag("feedback/_case_rating.html", takes_context=True)
def case_rating_panel(context: dict[str, Any], case: Any) -> dict[str, Any]:
    user = context["request"].user
    today = timezone.localdate()
    ratings = case_ratings(case)
    rated = {r.occasion for r in ratings}
    occasion = occasion_of(case)
    can_request = (
        user.has_perm("feedback.request_rating")
        and occasion not in rated
        and case.state not in ("at_station", "forwarded")
    )
    windows: list[Window] = []
    if can_request:
        held = held_window_ids(user)
        qs = Window.objects.filter(org_id=case.org_id, active=True).order_by("number")
        windows = list(qs.filter(pk__in=sorted(held)) if held else qs)
    shows = user.has_perm("feedback.view_all_ratings") or any(r.staff_id == user.pk for r in ratings)
    return {
        "case": case,
        "ratings": [(r, rectification_status(r, today)) for r in ratings] if shows else [],
        "hidden": len(ratings) if not shows else 0,
        "can_request": can_request and bool(windows),
        "windows": windows,
        "default_window": case.window_id,
        "occasion_label": dict(Occasion.choices)[occasion],
        "sms_link": sms_rating_url(case) if case.state in RATEABLE and Occasion.ONLINE not in rated else "",
        "csrf_token": context.get("csrf_token"),
        "perms": context.get("perms"),
    }
