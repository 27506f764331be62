"""What the kiosk and the hall screen may do without an account, and the per-client limits on it.

A kiosk is a public device: every number taken and every check-in takes a slot of a per-client limit first
(a form anyone may post must not be a way to fill a center's queue). The hall screen polls once a second: the
one-query "unchanged" answer is free, only a full answer takes a slot. All of it is the project's limit
machinery (``security.limits.FailureLimit``); call these outside a transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from bianmin.lib.errors import DomainError
from bianmin.security.limits import FailureLimit

TICKET_LIMIT = FailureLimit("public_ticket", settings.PUBLIC_TICKET_LIMIT, settings.PUBLIC_TICKET_WINDOW)
DISPLAY_LIMIT = FailureLimit("queue_display", settings.QUEUE_DISPLAY_LIMIT, settings.QUEUE_DISPLAY_WINDOW)


def reserve_ticket(request: HttpRequest) -> None:
    if not TICKET_LIMIT.reserve(request):
        raise DomainError("too_many_tickets", _("取号过于频繁，请稍后再试"), kind="throttled")


def reserve_display(request: HttpRequest) -> None:
    if not DISPLAY_LIMIT.reserve(request):
        raise DomainError("too_many_requests", _("访问过于频繁，请稍后再试"), kind="throttled")
