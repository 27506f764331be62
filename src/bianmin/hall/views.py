"""Public pages for citizens (网上服务大厅), no login: the home page and the large-text switch.

The other pages live beside this file by topic: ``views_guide`` (办事指南, 便民卡), ``views_apply`` (网上申请),
``views_progress`` (进度查询, 好差评) and ``views_screen`` (去向公示牌).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from bianmin.hall import selectors
from bianmin.orgs.models import Org

LARGE_TEXT_COOKIE = "large_text"
LARGE_TEXT_MAX_AGE = 365 * 24 * 3600  # an older citizen's choice should outlast a visit (适老化)


def chosen_center(request: HttpRequest) -> Org | None:
    """The center a citizen chose with ``?org=CODE`` (also read from a POST's query string)."""
    return selectors.center(request.GET.get("org", ""))


def home(request: HttpRequest) -> HttpResponse:
    org = chosen_center(request)
    return render(
        request, "hall/home.html", {"centers": list(selectors.centers()), "org": org, "section": "home"}
    )


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or request.headers.get("referer") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
def large_text(request: HttpRequest) -> HttpResponse:
    """适老化: switch large text on or off without JavaScript, then go back to the page.

    ``large_text=1`` or ``0`` says what to set, so a double submit does not flip it back; without it the
    current setting is toggled. GET is accepted too: the cookie is a display preference, no data changes.
    """
    wanted = request.POST.get("large_text", request.GET.get("large_text"))
    if wanted not in ("0", "1"):
        wanted = "0" if request.COOKIES.get(LARGE_TEXT_COOKIE) == "1" else "1"
    response = HttpResponseRedirect(_safe_next(request))
    if wanted == "1":
        # Not HttpOnly: the JavaScript button sets the same cookie without a reload.
        response.set_cookie(
            LARGE_TEXT_COOKIE, "1", max_age=LARGE_TEXT_MAX_AGE, samesite="Lax", httponly=False
        )
    else:
        response.delete_cookie(LARGE_TEXT_COOKIE, samesite="Lax")
    return response
