"""咨询登记 pages at the counter: today's consultations with the quick form, one consultation with its log
and its follow-up steps (首问负责), and the FAQ built from the log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bianmin.consultations import actions, selectors
from bianmin.consultations.filters import ConsultationFilter
from bianmin.consultations.forms import (
    CloseForm,
    FaqForm,
    FollowUpForm,
    HandOverForm,
    QuickForm,
    TakeOverForm,
)
from bianmin.consultations.models import Answer, Consultation, ConsultationChannel, FaqState, State
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_name, mask_phone
from bianmin.lib.step_views import refused, run_step
from bianmin.lib.text import join_names
from bianmin.orgs.models import Window
from bianmin.orgs.selectors import sees_many_centers, staff_of, visible_org_ids

VIEW = "consultations.view_consultation"
PAGE_SIZE = 50


def _windows(user: Any) -> list[Window]:
    staff = staff_of(user)
    if staff is None:
        return []
    return list(Window.objects.filter(org_id=staff.org_id, active=True).order_by("number"))


def _quick_form(user: Any, data: Any = None) -> QuickForm:
    return QuickForm(data, windows=_windows(user), initial={"opened_at": timezone.now()})


def _list_page(request: HttpRequest, *, form: QuickForm | None = None, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    params = request.GET.copy()
    if not params:  # the counter opens on today's consultations
        params["date_after"] = params["date_before"] = today.isoformat()
    filters = ConsultationFilter(params, queryset=selectors.consultations(request.user), request=request)
    if not filters.form.is_valid():
        wrong = join_names(filters.form.fields[name].label for name in filters.form.errors)
        messages.error(request, _("部分筛选条件无效，已忽略：%(fields)s") % {"fields": wrong})
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    staff = staff_of(request.user)
    can_log = request.user.has_perm("consultations.add_consultation") and staff is not None
    if can_log and form is None:
        form = _quick_form(request.user)
    context = {
        "today": today,
        "params": params,
        "page": page,
        "rows": [
            {"c": c, "name": mask_name(c.citizen_name), "phone": mask_phone(c.citizen_phone)} for c in page
        ],
        "form": form if can_log else None,
        "items": list(selectors.center_items(staff.org)) if can_log and staff is not None else [],
        "topics": selectors.recent_topics(staff.org_id, today) if can_log and staff is not None else [],
        "mine": list(selectors.my_follow_ups(request.user)[:20]),
        "windows": _windows(request.user),
        "channels": ConsultationChannel.choices,
        "answers": Answer.choices,
        "states": State.choices,
        "many_centers": sees_many_centers(request.user),
    }
    return render(request, "consultations/list.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
def consultation_list(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _list_page(request)
    form = _quick_form(request.user, request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查标出的栏目"))
        return _list_page(request, form=form, status=400)
    d = form.cleaned_data
    try:
        c = actions.log(actor=request.user, **d, now=timezone.now())
    except DomainError as err:
        messages.error(request, str(err.message))
        return _list_page(request, form=form, status=err.status)
    messages.success(request, _("已登记咨询：%(topic)s") % {"topic": c.topic})
    return redirect(request.get_full_path())


# ---------------------------------------------------------------------------------------------- one consultation


def _find(request: HttpRequest, pk: int) -> Consultation:
    c = selectors.consultation_for(request.user, pk)
    if c is None:
        raise Http404(_("找不到该咨询登记"))
    return c


def _page(request: HttpRequest, c: Consultation, *, bound: Any = None, status: int = 200) -> HttpResponse:
    user = request.user
    step = getattr(bound, "step", None)

    def form(name: str, make: Any) -> Any:
        return bound if step == name else make()

    forms: dict[str, Any] = {}
    if actions.can(actions.check_mark_follow_up, c, user):
        forms["follow_up"] = form("follow_up", FollowUpForm)
    if actions.can(actions.check_follow, c, user):
        forms["hand_over"] = form("hand_over", lambda: HandOverForm(org=c.org_id))
        forms["close"] = form("close", CloseForm)
    if actions.can(actions.check_take_over, c, user):
        forms["take_over"] = form("take_over", lambda: TakeOverForm(initial={"owner_seen": c.owner_id}))
    to_case = actions.can(actions.check_to_case, c, user) and staff_of(user) is not None
    context = {
        "c": c,
        "forms": forms,
        "to_case": to_case,
        "items": list(selectors.center_items(c.org)) if to_case else [],
        "many_centers": sees_many_centers(user),
    }
    return render(request, "consultations/consultation.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
def consultation_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _find(request, pk))


STEPS: dict[str, tuple[Any, Any, Any]] = {
    "follow_up": (
        FollowUpForm,
        lambda c, f, u, now: actions.mark_follow_up(
            c, actor=u, days=f.cleaned_data["days"], note=f.cleaned_data["note"], now=now
        ),
        gettext_lazy("已转为跟进"),
    ),
    "hand_over": (
        HandOverForm,
        lambda c, f, u, now: actions.hand_over(
            c, actor=u, to=f.cleaned_data["to"], note=f.cleaned_data["note"], now=now
        ),
        gettext_lazy("已移交"),
    ),
    "take_over": (
        TakeOverForm,
        lambda c, f, u, now: actions.take_over(
            c, actor=u, owner_seen=f.cleaned_data["owner_seen"], note=f.cleaned_data["note"], now=now
        ),
        gettext_lazy("已接手，现由您负责"),
    ),
    "close": (
        CloseForm,
        lambda c, f, u, now: actions.close(c, actor=u, answer=f.cleaned_data["answer"], now=now),
        gettext_lazy("已办结答复"),
    ),
}


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def consultation_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    return run_step(
        request,
        pk,
        step,
        steps=STEPS,
        find=_find,
        page=_page,
        org_form=HandOverForm,
        url_name="consultations-detail",
    )


# ---------------------------------------------------------------------------------------------- the FAQ


def _faq_page(request: HttpRequest, *, form: FaqForm | None = None, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    user = request.user
    can_write = user.has_perm("consultations.publish_faq") and staff_of(user) is not None
    rows = list(selectors.faqs(user))
    written = {(f.item_id, f.question) for f in rows}
    frequent = selectors.frequent_topics(visible_org_ids(user), today)
    me = staff_of(user)
    items = {i.pk: i for i in selectors.center_items(me.org)} if me else {}
    context = {
        "rows": rows,
        "frequent": [
            {"f": f, "item": items.get(f.item_id), "written": (f.item_id, f.topic) in written}
            for f in frequent
        ],
        "form": (form or FaqForm(initial={"position": 0})) if can_write else None,
        "items": list(items.values()) if can_write else [],
        "published": FaqState.PUBLISHED,
        "can_write": can_write,
    }
    return render(request, "consultations/faq.html", context, status=status)


@login_required
@permission_required("consultations.view_faq", raise_exception=True)
def faq_page(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _faq_page(request)
    form = FaqForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查标出的栏目"))
        return _faq_page(request, form=form, status=400)
    d = form.cleaned_data
    try:
        actions.save_faq(
            actor=request.user,
            item=d["item"],
            question=d["question"],
            answer=d["answer"],
            position=d["position"] or 0,
            asked=d["asked"] or 0,
        )
    except DomainError as err:
        messages.error(request, str(err.message))
        return _faq_page(request, form=form, status=err.status)
    messages.success(request, _("已保存为草稿，发布后显示在办事指南上"))
    return redirect("consultations-faq")


@login_required
@permission_required("consultations.publish_faq", raise_exception=True)
@require_POST
def faq_publish(request: HttpRequest, pk: int) -> HttpResponse:
    publish = request.POST.get("publish") != "0"
    try:
        actions.publish_faq(pk, actor=request.user, publish=publish)
    except DomainError as err:
        refused(request, err)
    else:
        messages.success(request, _("已发布") if publish else _("已撤下"))
    return redirect("consultations-faq")
