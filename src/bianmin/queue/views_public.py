"""The hall's queue pages without an account: the kiosk (取号机), the printed ticket and the hall screen
(叫号屏). Kiosk and screen run unattended on public devices: no site navigation, large touch targets, no
inline script (the site's CSP); the screen polls the display API from a static file and speaks each call."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from bianmin.cases.pdf import render_pdf
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Org
from bianmin.queue import actions, public, selectors
from bianmin.queue.models import GREEN_CHANNEL, Priority, Ticket

# The ticket page returns to the kiosk by itself after this many seconds (the next visitor is waiting).
TICKET_SECONDS = 30


def _center(code: str) -> Org:
    org = selectors.center(code)
    if org is None:
        raise Http404("no such center")
    return org


def kiosk(request: HttpRequest, code: str) -> HttpResponse:
    org = _center(code)
    today = timezone.localdate()
    context = {
        "org": org,
        "types": selectors.kiosk_types(org, today),
        "green": [(p.value, p.label) for p in GREEN_CHANNEL],
    }
    return render(request, "queue/kiosk.html", context)


def _refused(request: HttpRequest, org: Org, err: DomainError) -> HttpResponse:
    messages.error(request, str(err.message))
    return redirect("queue-kiosk", org.code)


@require_POST
def take(request: HttpRequest, code: str) -> HttpResponse:
    org = _center(code)
    priority = request.POST.get("priority") or Priority.NORMAL
    if priority not in {Priority.NORMAL, *GREEN_CHANNEL}:
        priority = "?"  # refused by the action, in its words
    try:
        public.reserve_ticket(request)
        ticket = actions.issue(
            org=org, business_type=request.POST.get("business_type", ""), priority=priority
        )
    except DomainError as err:
        return _refused(request, org, err)
    return redirect("queue-ticket", ticket.token)


@require_POST
def check_in(request: HttpRequest, code: str) -> HttpResponse:
    org = _center(code)
    try:
        public.reserve_ticket(request)
        ticket = actions.check_in(org=org, code=(request.POST.get("code") or "").strip().upper()[:8])
    except DomainError as err:
        return _refused(request, org, err)
    return redirect("queue-ticket", ticket.token)


def _ticket(token: str) -> Ticket:
    ticket = selectors.ticket_by_token(token)
    if ticket is None:
        raise Http404("no such ticket")
    return ticket


def _receipt_context(ticket: Ticket) -> dict:
    return {"ticket": ticket, "org": ticket.org, "ahead": selectors.ahead_of(ticket)}


def ticket(request: HttpRequest, token: str) -> HttpResponse:
    found = _ticket(token)
    context = {
        **_receipt_context(found),
        "refresh": TICKET_SECONDS,
        "kiosk_url": reverse("queue-kiosk", args=[found.org.code]),
    }
    return render(request, "queue/ticket.html", context)


def ticket_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """The same receipt as a PDF on a 58 mm roll, for printers driven from a PDF."""
    found = _ticket(token)
    html = render_to_string("queue/ticket_pdf.html", _receipt_context(found), request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ticket-{found.number}.pdf"'
    return response


def screen(request: HttpRequest, code: str) -> HttpResponse:
    org = _center(code)
    board = selectors.display(org, timezone.now())
    context = {"org": org, "board": board, "feed": reverse("queue-display", args=[org.code])}
    return render(request, "queue/screen.html", context)
