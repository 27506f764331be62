"""公告 counter pages: the notices of my center (county roles: the county's too), a draft's form, publish and
withdraw. Every change goes through ``bulletins.actions``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bianmin.bulletins import actions, selectors
from bianmin.bulletins.forms import BulletinForm, WithdrawForm
from bianmin.bulletins.models import Bulletin, BulletinState
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Org
from bianmin.orgs.selectors import staff_of

VIEW = "bulletins.view_bulletin"
PAGE_SIZE = 30


def _find(request: HttpRequest, pk: int) -> Bulletin:
    bulletin = selectors.staff_bulletins(request.user).filter(pk=pk).first()
    if bulletin is None:
        raise Http404
    return bulletin


def _own_center(user: Any) -> Org | None:
    staff = staff_of(user)
    return staff.org if staff is not None and staff.org.kind in selectors.CENTER_KINDS else None


@login_required
@permission_required(VIEW, raise_exception=True)
def bulletin_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    page = Paginator(selectors.staff_bulletins(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    center = _own_center(request.user)
    return render(
        request,
        "bulletins/list.html",
        {
            "page": page,
            "today": today,
            "center": center,
            "can_write": center is not None and request.user.has_perm("bulletins.add_bulletin"),
            "section": "bulletins",
        },
    )


def _values(form: BulletinForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


@login_required
@permission_required("bulletins.add_bulletin", raise_exception=True)
def bulletin_new(request: HttpRequest) -> HttpResponse:
    center = _own_center(request.user)
    if center is None:
        raise Http404
    form = BulletinForm(request.POST or None, org_id=center.pk, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            bulletin = actions.draft_bulletin(actor=request.user, org=center, **_values(form))
        except DomainError as err:
            messages.error(request, str(err.message))
        else:
            messages.success(request, _("已保存草稿，发布后才对外显示"))
            return redirect("bulletins-detail", bulletin.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "bulletins/edit.html", {"form": form, "center": center}, status=status)


def _page(
    request: HttpRequest, bulletin: Bulletin, form: BulletinForm | None = None, status: int = 200
) -> HttpResponse:
    if form is None and bulletin.state == BulletinState.DRAFT:
        form = BulletinForm(
            org_id=bulletin.org_id,
            initial={
                "kind": bulletin.kind,
                "title": bulletin.title,
                "body": bulletin.body,
                "valid_from": bulletin.valid_from,
                "valid_until": bulletin.valid_until,
                "pinned": bulletin.pinned,
                "market_day": bulletin.market_day_id,
            },
        )
    user = request.user
    context = {
        "bulletin": bulletin,
        "form": form,
        "withdraw_form": WithdrawForm(),
        "today": timezone.localdate(),
        "can_edit": bulletin.state == BulletinState.DRAFT and user.has_perm("bulletins.change_bulletin"),
        "can_publish": user.has_perm("bulletins.publish_bulletin"),
    }
    return render(request, "bulletins/detail.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _find(request, pk)
    if request.method != "POST":
        return _page(request, bulletin)
    form = BulletinForm(request.POST, org_id=bulletin.org_id)
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容"))
        return _page(request, bulletin, form, status=400)
    try:
        actions.edit_bulletin(bulletin, actor=request.user, **_values(form))
    except DomainError as err:
        messages.error(request, str(err.message))
        return _page(request, _find(request, pk), form, status=err.status)
    messages.success(request, _("已保存草稿"))
    return redirect("bulletins-detail", pk)


@require_POST
@login_required
def bulletin_publish(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        actions.publish_bulletin(_find(request, pk), actor=request.user)
    except DomainError as err:
        messages.error(request, str(err.message))
    else:
        messages.success(request, _("已发布，大厅页面、服务站页面和公示屏滚动条即时显示"))
    return redirect("bulletins-detail", pk)


@require_POST
@login_required
def bulletin_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        actions.withdraw_bulletin(_find(request, pk), actor=request.user, reason=reason)
    except DomainError as err:
        messages.error(request, str(err.message))
    else:
        messages.success(request, _("已撤回，不再对外显示"))
    return redirect("bulletins-detail", pk)
