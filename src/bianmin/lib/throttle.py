"""Counting failed attempts per client, in the cache shared by all worker processes."""

from __future__ import annotations

from django.core.cache import caches
from django.http import HttpRequest


def client_key(request: HttpRequest) -> str:
    # Behind the reverse proxy, REMOTE_ADDR is the proxy; it must pass the client in X-Real-IP.
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or "unknown"


class FailureLimit:
    def __init__(self, scope: str, limit: int, window_seconds: int) -> None:
        self.scope, self.limit, self.window = scope, limit, window_seconds

    def _key(self, request: HttpRequest) -> str:
        return f"fail:{self.scope}:{client_key(request)}"

    def blocked(self, request: HttpRequest) -> bool:
        return int(caches["shared"].get(self._key(request), 0)) >= self.limit

    def fail(self, request: HttpRequest) -> None:
        cache = caches["shared"]
        key = self._key(request)
        if not cache.add(key, 1, self.window):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, self.window)
