"""The counter intake's two hooks for the queue: a case started from a called ticket finds the booked
person's details filled in (``prefill``, from ``?ticket=``), and a case registered by a clerk serving a
ticket is recorded on it (``registered``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from bianmin.queue import actions, selectors


def prefill(form: Any, request: HttpRequest) -> None:
    if form is not None and request.GET.get("ticket"):
        form.initial.update(selectors.intake_initial(request.user, request.GET.get("ticket")))


def registered(request: HttpRequest, case: Any) -> None:
    actions.record_case(actor=request.user, case=case)
