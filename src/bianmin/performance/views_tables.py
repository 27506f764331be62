"""The assessment table in force, and the director's edit: new points or amounts from a month on, saved as
a new version (months before keep the version they were scored by)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.lib.errors import DomainError
from bianmin.orgs.selectors import staff_of
from bianmin.performance import actions, selectors
from bianmin.performance.models import RuleTable, TableKind


@login_required
def table_page(request: HttpRequest, kind: str = TableKind.POINTS) -> HttpResponse:
    if not request.user.has_perm("performance.view_ruletable") or kind not in TableKind.values:
        raise PermissionDenied
    me = staff_of(request.user)
    if me is None:
        raise PermissionDenied
    today = timezone.localdate()
    month = today.replace(day=1)
    table = selectors.table_in_force(me.org, kind, month)
    template = None
    if table is None and kind == TableKind.FINES:
        template = RuleTable.objects.filter(org__isnull=True, kind=kind).order_by("-version").first()
    can_edit = request.user.has_perm("performance.edit_ruletable")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        base = table or template
        try:
            if base is None:
                raise DomainError("no_table", _("没有可修改的考核细则"))
            try:
                valid_from = dt.date.fromisoformat(request.POST.get("valid_from", "") + "-01")
            except ValueError:
                raise DomainError("bad_period", _("考核期间格式应为 YYYY-MM、YYYY-Qn 或 YYYY")) from None
            changes = {
                r.code: request.POST[f"rule-{r.code}"]
                for r in base.rules.all()
                if request.POST.get(f"rule-{r.code}", "").strip() not in ("", str(r.amount))
            }
            actions.new_version(
                actor=request.user,
                org=me.org,
                kind=kind,
                valid_from=valid_from,
                changes=changes,
                today=today,
                base_table=base,
            )
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(
                request, _("已保存为新版本，自 %(month)s 起执行") % {"month": valid_from.strftime("%Y-%m")}
            )
            return redirect("performance-table", kind=kind)
    versions = list(RuleTable.objects.filter(org=me.org, kind=kind).order_by("-valid_from", "-version"))
    shown = table or template
    return render(
        request,
        "performance/table.html",
        {
            "table": shown,
            "adopting": table is None and template is not None,
            "rules": list(shown.rules.all()) if shown else [],
            "versions": versions,
            "kind": kind,
            "can_edit": can_edit,
            "next_month": (month + dt.timedelta(days=32)).replace(day=1),
        },
    )
