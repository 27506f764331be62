"""网上申请: a citizen applies online for an item that allows it, uploading its materials.

The page only collects; ``cases.actions.register`` decides (ID checksum, item enabled at the center,
online allowed, file types by content, sizes) and stores the files under random names.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from bianmin.cases.actions import form_idempotency, register
from bianmin.cases.models import Case, Channel
from bianmin.hall.forms import ApplicationForm
from bianmin.hall.views import chosen_center
from bianmin.hall.views_guide import item_context, item_or_404
from bianmin.lib.errors import DomainError

# The session key holding the last application's number and query code, shown after the redirect.
APPLIED = "hall_applied"


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, code: str) -> HttpResponse:
    item = item_or_404(code)
    org = chosen_center(request)
    context = item_context(item, org)
    context["section"] = "apply"
    if not context["v"].online_allowed:
        # Not refused silently: tell the citizen where to go and show what to bring.
        context["not_online"] = True
        return render(request, "hall/apply.html", context)
    if org is None or not context["enabled_here"]:
        context["choose_center"] = True
        return render(request, "hall/apply.html", context)
    posted = request.method == "POST"
    form = ApplicationForm(
        request.POST if posted else None, request.FILES if posted else None, materials=context["materials"]
    )
    status = 200
    if posted:
        if form.is_valid():
            try:
                case = register(
                    actor=None,
                    org=org,
                    channel=Channel.ONLINE,
                    item_code=item.code,
                    applicant=form.applicant(),
                    uploads=form.uploads(),
                    idempotency=form_idempotency("public", form.cleaned_data["token"]),
                ).case
            except DomainError as err:
                # The typed data stays in the form; browsers never refill file inputs, so the files are asked
                # for again.
                context["error"] = err.message
                status = err.status
            else:
                request.session[APPLIED] = {"number": case.number, "code": case.query_code}
                return redirect("hall-applied")
        else:
            status = 400
    context.update(form=form, max_mb=settings.UPLOAD_MAX_BYTES // (1024 * 1024))
    return render(request, "hall/apply.html", context, status=status)


def applied(request: HttpRequest) -> HttpResponse:
    """After a successful application (Post/Redirect/Get): the number and query code come from the session,
    so a reload shows them again instead of posting the application twice."""
    data = request.session.get(APPLIED)
    case = None
    if data:
        case = (
            Case.objects.select_related("org").filter(number=data["number"], query_code=data["code"]).first()
        )
    if case is None:
        return redirect(reverse("hall-home"))
    return render(
        request,
        "hall/applied.html",
        {
            "case": case,
            "org": case.org,
            "section": "apply",
            "materials": list(case.materials.all()),
            "uploaded": set(case.attachments.values_list("material_id", flat=True)),
        },
    )
