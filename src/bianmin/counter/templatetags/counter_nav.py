"""The counter's navigation: how many online applications wait for review (网上预审), and the network's
pages (代办点台账, 代办件签收 / 上报件) for the staff they are for, on every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from bianmin.cases.lifecycle import TRANSITION
from bianmin.cases.steps import Step
from bianmin.counter import selectors
from bianmin.orgs.models import OrgKind
from bianmin.orgs.selectors import station_ids_below

register = template.Library()


@register.simple_tag(takes_context=True)
def online_review_counts(context: Any) -> dict[str, int] | None:
    """Counts for the nav (one query), or None for staff who do not review online applications."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm(TRANSITION[Step.ACCEPT].permission):
        return None
    return selectors.online_review_counts(user)


@register.simple_tag(takes_context=True)
def network_links(context: Any) -> dict[str, Any]:
    """Which network pages the nav links to: the station's ledger for an agent and for a town with stations,
    the inbox for a town's and the county's staff. Read from the user's org and the scope already loaded."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("cases.view_case"):
        return {}
    level = selectors.network_level(user)
    links: dict[str, Any] = {}
    if level == OrgKind.VILLAGE or (level == OrgKind.TOWN and station_ids_below(user)):
        links["station"] = _("代办点台账")
    if level == OrgKind.TOWN:
        links["network"] = _("代办件签收")
    elif level == OrgKind.COUNTY:
        links["network"] = _("上报件")
    return links
