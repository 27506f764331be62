"""公开轮值表 (004): a village station's cadre on duty for the next two weeks, on a public page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bianmin.duty import selectors
from bianmin.orgs.models import Org, OrgKind

ROTA_DAYS = 14


def station_rota(request: HttpRequest, code: str) -> HttpResponse:
    org = Org.objects.filter(code=code, kind=OrgKind.VILLAGE).first()
    if org is None:
        raise Http404("no such station")
    today = timezone.localdate()
    return render(
        request,
        "duty/station_rota.html",
        {"org": org, "rota": list(selectors.station_rota(org, today, ROTA_DAYS)), "days": ROTA_DAYS},
    )
