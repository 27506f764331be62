"""API authentication that brings the staff record along: every case endpoint reads the caller's staff and
org (scope, first-contact owner), so they come in the token's one query instead of two more per request.
That query is compiled once per database (``lib.compiled``), and the caller's permission set comes from
the process's cache (``orgs.permission_cache``) rather than two more queries."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from bianmin.lib.compiled import CompiledLookup
from bianmin.orgs import permission_cache

_TOKEN = CompiledLookup(lambda: Token.objects.select_related("user__staff__org").filter(key=""), [""])


class StaffTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        token = _TOKEN.first(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        permission_cache.prime(token.user)
        return token.user, token
