"""The public disclosure's per-client limit: every page view and API call takes a slot first, the same limit
machinery as the other public pages (``security.limits.FailureLimit``); past it the answer is 429 until the
window has passed. Call outside a transaction."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from bianmin.lib.errors import DomainError
from bianmin.security.limits import FailureLimit

VIEW_LIMIT = FailureLimit(
    "public_disclosure", settings.PUBLIC_DISCLOSURE_LIMIT, settings.PUBLIC_DISCLOSURE_WINDOW
)


def reserve_view(request: HttpRequest) -> None:
    if not VIEW_LIMIT.reserve(request):
        raise DomainError("too_many_requests", _("访问过于频繁，请稍后再试"), kind="throttled")
