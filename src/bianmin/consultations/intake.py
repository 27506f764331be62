"""转为办件 through the counter's intake (一窗受理): the intake page, opened from a consultation with
``?consultation=<id>&item=<code>``, fills the applicant's name and phone and the channel in from it, and
after a successful registration records the case on the consultation (``actions.record_case``). The intake
keeps the parameter in its form's address, so the link survives a refused submit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from bianmin.cases.models import Case, Channel
from bianmin.consultations import actions, selectors
from bianmin.consultations.models import ConsultationChannel
from bianmin.lib.errors import DomainError

_CHANNEL: dict[str, str] = {ConsultationChannel.MARKET_DAY: Channel.MARKET_DAY}


def _pk(request: HttpRequest) -> int | None:
    raw = request.GET.get("consultation") or ""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


def initial(request: HttpRequest) -> dict[str, Any]:
    """The intake form's initial values carried over from the consultation (none without one)."""
    pk = _pk(request)
    c = selectors.consultations(request.user).filter(pk=pk).first() if pk is not None else None
    if c is None:
        return {}
    return {
        "name": c.citizen_name,
        "phone": c.citizen_phone,
        "channel": _CHANNEL.get(c.channel, Channel.WINDOW),
    }


def registered(request: HttpRequest, case: Case) -> None:
    """Record the case just registered on the consultation the intake came from; a refusal (another clerk
    turned it into a case first) is told, the registration itself stands."""
    pk = _pk(request)
    if pk is None:
        return
    try:
        actions.record_case(pk, actor=request.user, case=case)
    except DomainError as err:
        messages.warning(request, _("办件已登记，但未能记在咨询上：%(reason)s") % {"reason": err.message})
