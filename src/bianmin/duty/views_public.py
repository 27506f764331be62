"""公开轮值表 (004): a village station's cadre on duty for the next two weeks, on a public page.

No account is needed, so every view (a known station or not) takes a slot of a per-client limit first, the
same limit machinery as the other public pages (``security.limits.FailureLimit``); past it the page answers
429 until the window has passed.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.duty import selectors
from bianmin.orgs.models import Org, OrgKind
from bianmin.security.limits import FailureLimit

ROTA_DAYS = 14
ROTA_LIMIT = FailureLimit("public_rota", settings.PUBLIC_ROTA_LIMIT, settings.PUBLIC_ROTA_WINDOW)


def station_rota(request: HttpRequest, code: str) -> HttpResponse:
    if not ROTA_LIMIT.reserve(request):
        return render(
            request,
            "duty/station_rota.html",
            {"error": _("访问过于频繁，请稍后再试"), "code": "too_many_requests"},
            status=429,
        )
    org = Org.objects.filter(code=code[:12], kind=OrgKind.VILLAGE).first()
    if org is None:
        raise Http404("no such station")
    today = timezone.localdate()
    return render(
        request,
        "duty/station_rota.html",
        {"org": org, "rota": list(selectors.station_rota(org, today, ROTA_DAYS)), "days": ROTA_DAYS},
    )
