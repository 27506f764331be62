"""The counter's navigation: how many online applications wait for review (网上预审), the network's pages
(代办点台账, 代办件签收 / 上报件) for the staff they are for, and the menus of everything else, on every page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


@dataclass(frozen=True)
class MenuLink:
    url_name: str
    label: Any
    permissions: tuple[str, ...]  # any one of them shows the link
    css: str = ""


# The nav's menus: the hall's services, the center's own business, the staff, supervision, the figures.
# The everyday links (工作台, 一窗受理, 办件列表, 网上预审, the network's pages, the bell) stay in the bar.
MENUS: tuple[tuple[Any, tuple[MenuLink, ...]], ...] = (
    (
        gettext_lazy("大厅服务"),
        (
            MenuLink("outreach-market-days", gettext_lazy("赶场服务"), ("outreach.view_marketday",)),
            MenuLink("outreach-home-visits", gettext_lazy("上门服务"), ("outreach.view_homevisit",)),
            MenuLink("consultations-list", gettext_lazy("咨询登记"), ("consultations.view_consultation",)),
            MenuLink("appointments-day", gettext_lazy("预约登记"), ("appointments.view_appointment",)),
            MenuLink("queue-counter", gettext_lazy("排队叫号"), ("queue.call_ticket",)),
            MenuLink("bulletins", gettext_lazy("公告"), ("bulletins.view_bulletin",)),
            MenuLink("notify-outbox", gettext_lazy("通知发件箱"), ("notify.view_message",)),
        ),
    ),
    (
        gettext_lazy("中心事务"),
        (
            MenuLink("fees-window", gettext_lazy("统一收费"), ("fees.view_payable",)),
            MenuLink("seals-list", gettext_lazy("印章管理"), ("seals.view_seal",)),
            MenuLink("mediation-list", gettext_lazy("矛盾纠纷调解"), ("mediation.view_mediation",)),
            MenuLink("archive-boxes", gettext_lazy("档案管理"), ("archive.view_box",)),
        ),
    ),
    (
        gettext_lazy("人员"),
        (
            MenuLink("attendance-sign-in", gettext_lazy("签到"), ("attendance.sign_in",)),
            MenuLink("attendance-leave", gettext_lazy("请假管理"), ("attendance.request_leave",)),
            MenuLink("duty-roster", gettext_lazy("值班表"), ("duty.view_dutyentry",)),
            MenuLink("duty-meetings", gettext_lazy("例会培训"), ("duty.view_meeting",)),
        ),
    ),
    (
        gettext_lazy("监督考核"),
        (
            MenuLink(
                "counter-leader",
                gettext_lazy("带班领导"),
                ("cases.review_case", "cases.urge_case"),
                "nav-leader",
            ),
            MenuLink("complaints-list", gettext_lazy("效能投诉"), ("complaints.view_complaint",)),
            MenuLink("complaints-opinions", gettext_lazy("意见簿"), ("complaints.view_opinionentry",)),
            MenuLink("supervision-board", gettext_lazy("电子监察"), ("supervision.view_cardrecord",)),
            MenuLink("performance-ranking", gettext_lazy("效能考核"), ("performance.view_scoreentry",)),
            MenuLink("feedback-ratings", gettext_lazy("好差评"), ("feedback.view_rating",)),
        ),
    ),
    (
        gettext_lazy("统计报表"),
        (
            MenuLink("reports-statistics", gettext_lazy("统计报表"), ("reports.view_statistics",)),
            MenuLink("submissions-index", gettext_lazy("报表报送"), ("submissions.view_submission",)),
        ),
    ),
)


@register.simple_tag(takes_context=True)
def counter_menus(context: Any) -> list[dict[str, Any]]:
    """The nav's menus with the links the user holds a right to; a menu without any is left out. The menu
    holding the page shown is marked current (its link too)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    here = getattr(request, "path", "")
    menus = []
    for label, links in MENUS:
        shown = []
        for link in links:
            if any(user.has_perm(p) for p in link.permissions):
                url = reverse(link.url_name)
                shown.append(
                    {"url": url, "label": link.label, "css": link.css, "current": here.startswith(url)}
                )
        if shown:
            menus.append({"label": label, "links": shown, "current": any(x["current"] for x in shown)})
    return menus
