"""网上申请: a citizen applies online for an item that allows it, uploading its materials.

``cases.actions.register`` decides (ID checksum, item enabled at the center, online allowed, file types by
content, sizes) and stores the files under random names. Before registering, the page asks the same rules
of everything typed and chosen, so one answer lists every problem beside its field, and keeps what was
entered: the typed fields as typed, and each accepted file held on the server under the form's hidden token
(``actions.hold_upload``) — browsers never refill a file input — shown as already uploaded, to be replaced
only if the citizen chooses another file.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from bianmin.cases.actions import form_idempotency, hold_upload, register, valid_token
from bianmin.cases.models import Case, Channel
from bianmin.cases.selectors import held_uploads
from bianmin.hall.forms import ApplicationForm, material_field_name
from bianmin.hall.views import chosen_center
from bianmin.hall.views_guide import item_context, item_or_404
from bianmin.lib.errors import DomainError
from bianmin.lib.forms import new_token

# The session key holding the last application's number and query code, shown after the redirect.
APPLIED = "hall_applied"


def _hold_chosen_files(form: ApplicationForm, token: str) -> None:
    """Hold every file chosen in this submit that passes the upload rules, whatever else is wrong with the
    form; a refused file gets its reason beside its field (and an earlier held file stays)."""
    for material, upload in form.chosen_files():
        try:
            form.held[material.pk] = hold_upload(token=token, material_id=material.pk, upload=upload)
        except DomainError as err:
            form.add_error(material_field_name(material), str(err.message))


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
    context["max_mb"] = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
    if request.method != "POST":
        context["form"] = ApplicationForm(materials=context["materials"])
        return render(request, "hall/apply.html", context)

    data = request.POST.copy()
    if not valid_token(data.get("token")):
        data["token"] = new_token()  # a form not minted here: files are still held, under a fresh token
    token = str(data["token"])
    form = ApplicationForm(data, request.FILES, materials=context["materials"], held=held_uploads(token))
    form.is_valid()
    _hold_chosen_files(form, token)
    context["form"] = form
    if form.errors:
        return render(request, "hall/apply.html", context, status=400)
    try:
        case = register(
            actor=None,
            org=org,
            channel=Channel.ONLINE,
            item_code=item.code,
            applicant=form.applicant(),
            held=token,
            idempotency=form_idempotency("public", token),
        ).case
    except DomainError as err:
        # A rule the page could not ask beforehand (the item was withdrawn meanwhile…): said above the form,
        # with everything typed and every held file kept.
        context["error"] = err.message
        return render(request, "hall/apply.html", context, status=err.status)
    request.session[APPLIED] = {"number": case.number, "code": case.query_code}
    return redirect("hall-applied")


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
