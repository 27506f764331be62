"""The leaders' dashboard (/counter/reports/dashboard/) and the hall's big screen (/screen/<code>/dashboard/).

The big screen is public like the hall's other wall screens: it shows counts and rates only, never a name or
a case. It runs unattended at 1920×1080 and reloads itself (meta refresh, no script: the site's CSP). Its
figures are kept for ``REFRESH_SECONDS`` per center, so a page left open on many screens, or a public URL
asked for in a loop, costs the database one computation a minute.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Org, OrgKind
from bianmin.reports.dashboard import DASHBOARD_PERMISSION, dashboard
from bianmin.reports.selectors import statistics_org, statistics_orgs

REFRESH_SECONDS = 60
LEVEL_LABELS = (("normal", "正常"), ("warning", "预警"), ("yellow", "黄牌"), ("red", "红牌"))


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(DASHBOARD_PERMISSION):
        raise PermissionDenied
    try:
        org = statistics_org(request.user, request.GET.get("org"))
    except DomainError as err:
        if err.kind == "not_found":
            raise Http404(err.message) from None
        raise PermissionDenied from None
    context = dashboard(org, timezone.now())
    context.update(
        refresh=REFRESH_SECONDS,
        choices=list(statistics_orgs(request.user).exclude(kind=OrgKind.VILLAGE).values_list("code", "name")),
    )
    return render(request, "reports/dashboard.html", context)


def _screen_context(org: Org) -> dict[str, Any]:
    key = f"reports:screen:{org.pk}"
    context = cache.get(key)
    if context is None:
        context = dashboard(org, timezone.now())
        cache.set(key, context, REFRESH_SECONDS)
    return context


def screen(request: HttpRequest, code: str) -> HttpResponse:
    code = (code or "").strip()
    org = (
        Org.objects.filter(code=code, kind__in=(OrgKind.COUNTY, OrgKind.TOWN)).first()
        if code and len(code) <= 12
        else None
    )
    if org is None:
        raise Http404("no such center")
    return render(
        request, "reports/dashboard_screen.html", {**_screen_context(org), "refresh": REFRESH_SECONDS}
    )
