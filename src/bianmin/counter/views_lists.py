"""办件列表: every case of my center, filtered like the API (same FilterSet), paginated, exportable."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bianmin.cases.filters import CaseFilter
from bianmin.cases.models import CaseState
from bianmin.cases.selectors import list_cases
from bianmin.catalog.models import CaseKind
from bianmin.counter import exports, selectors
from bianmin.counter.display import Deadlines, case_rows
from bianmin.lib.text import join_names
from bianmin.orgs.selectors import sees_many_centers, visible_centers

PAGE_SIZE = 50
FILTER_LABELS = {
    "state": gettext_lazy("状态"),
    "kind": gettext_lazy("办件类型"),
    "window": gettext_lazy("受理窗口"),
    "center": gettext_lazy("中心"),
    "number": gettext_lazy("受理编号前缀"),
    "due_before": gettext_lazy("承诺办结日不晚于"),
    "registered_after": gettext_lazy("登记日期自"),
    "registered_before": gettext_lazy("登记日期至"),
    "overdue": gettext_lazy("超期"),
    "handler": gettext_lazy("承办人"),
}
EXPORTS = {"csv": exports.csv_response, "xlsx": exports.xlsx_response}


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    today = timezone.localdate(now)
    filters = CaseFilter(request.GET or None, queryset=list_cases(request.user))
    cases = filters.qs
    if filters.is_bound and not filters.form.is_valid():
        # The other filters still apply; the clerk sees which one was not understood.
        wrong = join_names(FILTER_LABELS.get(name, name) for name in filters.form.errors)
        messages.error(request, _("部分筛选条件无效，已忽略：%(fields)s") % {"fields": wrong})

    export = EXPORTS.get(request.GET.get("format", ""))
    if export is not None:
        return export(case_rows(cases.iterator(chunk_size=1000), Deadlines(today, now)))

    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    deadlines = Deadlines(today, now)
    context = {
        "page": page,
        "rows": case_rows(page.object_list, deadlines),
        # 绿色通道 first: a block of its own above the list, which keeps its (org, registered_at) order
        "green": case_rows(selectors.green_channel_cases(request.user), deadlines),
        "params": request.GET,
        "states": CaseState.choices,
        "chosen_states": request.GET.getlist("state"),
        "kinds": CaseKind.choices,
        "windows": selectors.filter_windows(request.user),
        # County roles see several centers: a center column and a filter by center.
        "centers": list(visible_centers(request.user)) if sees_many_centers(request.user) else [],
    }
    return render(request, "counter/case_list.html", context)
