"""One POST handler for a step on a row's page (a market day, a home visit, a consultation): bind the step's
form, run its action, and answer with the page again (the form's errors, or the action's refusal) or a
redirect; and how a page tells a refusal (``refused``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.lib.errors import DomainError

# step: (form class, action(row, form, user, now), message when done)
Steps = Mapping[str, tuple[Any, Callable[[Any, Any, Any, dt.datetime], Any], Any]]


def run_step(
    request: HttpRequest,
    pk: int,
    step: str,
    *,
    steps: Steps,
    find: Callable[[HttpRequest, int], Any],
    page: Callable[..., HttpResponse],
    org_form: type,
    url_name: str,
) -> HttpResponse:
    """``find`` reads the row in the user's scope (404 outside it); ``org_form`` is the step form whose staff
    choices are the row's center's; ``page`` renders the row's page with a bound form and a status."""
    if step not in steps:
        raise Http404
    form_class, act, done = steps[step]
    row = find(request, pk)
    form: Any = (
        form_class(request.POST, org=row.org_id) if form_class is org_form else form_class(request.POST)
    )
    form.step = step
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容"))
        return page(request, row, bound=form, status=400)
    try:
        act(row, form, request.user, timezone.now())
    except DomainError as err:
        messages.error(request, str(err.message))
        return page(request, find(request, pk), bound=form, status=err.status)
    messages.success(request, str(done))
    return redirect(reverse(url_name, args=[pk]))


def refused(request: HttpRequest, err: DomainError) -> None:
    """A refusal told on the page: a row out of reach is the 404 page, any other refusal a message above it."""
    if err.kind == "not_found":
        raise Http404(str(err.message)) from err
    messages.error(request, str(err.message))
