"""The login lockout as an authentication backend (django-axes)."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, first in ``AUTHENTICATION_BACKENDS``: a locked-out username or address is
    refused before any password is compared.

    Every login over the web passes its request (Django's login form, the API's token view). A call
    without one (a shell, the test client's ``login()``) has no client to count or lock, and axes cannot
    record its failures either; it is left to the password backend instead of failing outright.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
