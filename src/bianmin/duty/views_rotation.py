"""轮值顺序 page: the director sets the order of staff each kind of duty rotates through, then has the month
re-arranged by it (hand edits, swaps, written logs and past days are kept)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bianmin.duty import actions, selectors
from bianmin.duty.models import DutyKind
from bianmin.duty.views_roster import _month, _org
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Staff

EDIT = "duty.edit_roster"


def _picked(request: HttpRequest, kind: str) -> list[int]:
    """The staff ids chosen for ``kind``, in position order, blanks dropped (a non-number is refused)."""
    picked = []
    for raw in request.POST.getlist(f"{kind}-staff"):
        text = raw.strip()
        if not text:
            continue
        if not (text.isascii() and text.isdigit() and len(text) <= 18):
            raise DomainError("staff_not_of_org", _("只能安排本单位的工作人员值班"))
        picked.append(int(text))
    return picked


@login_required
@permission_required(EDIT, raise_exception=True)
def rotation_page(request: HttpRequest) -> HttpResponse:
    org = _org(request, request.GET.get("org"))
    year, month = _month(request)
    month_key = f"{year:04d}-{month:02d}"
    here = f"{reverse('duty-rotation')}?org={org.code}&month={month_key}"
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        try:
            if kind not in selectors.kinds_for(org):
                raise DomainError("invalid_duty_kind", _("该单位没有这一类值班"))
            actions.set_rotation(actor=request.user, org=org, kind=kind, staff=_picked(request, kind))
            message = _("“%(kind)s”的轮值顺序已保存") % {"kind": DutyKind(kind).label}
            if request.POST.get("regenerate"):
                changed, created = actions.regenerate_month(org, year, month, actor=request.user)
                message += _(
                    "；%(month)s 已按新轮值重排 %(changed)d 个班次、新排 %(created)d 个，手工编排和调班未改动"
                ) % {
                    "month": month_key,
                    "changed": changed,
                    "created": created,
                }
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, message)
            return redirect(here)
    staff = list(Staff.objects.filter(org=org).order_by("name", "pk"))
    current = selectors.rotations(org)
    kinds = []
    for kind in selectors.kinds_for(org):
        order = [s.pk for s in current.get(kind, [])]
        slots = order + [None] * max(len(staff) - len(order), 1)
        kinds.append(
            {"kind": kind, "label": DutyKind(kind).label, "slots": slots, "members": current.get(kind, [])}
        )
    context = {
        "org": org,
        "orgs": list(selectors.roster_orgs(request.user)),
        "month": month_key,
        "staff": staff,
        "kinds": kinds,
    }
    return render(request, "duty/rotation.html", context)
