"""Limits on guessing: a few wrong tries per client, then a pause (查询码错误次数限制).

Each try takes a slot *before* it is checked, in one conditional UPDATE, so clients racing each other
cannot all slip under the limit between a read and a write; a try that turns out right gives its slot
back. Call these outside a transaction: a refusal that rolls back would also roll back its count.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from bianmin.lib.throttle import client_key
from bianmin.security.models import AttemptCount


class FailureLimit:
    """At most ``limit`` wrong tries per client in ``window_seconds``, counted from its first try."""

    def __init__(self, scope: str, limit: int, window_seconds: int) -> None:
        self.scope, self.limit, self.window = scope, limit, dt.timedelta(seconds=window_seconds)

    def reserve(self, request: HttpRequest, now: dt.datetime | None = None) -> bool:
        """Take one try for this client; False when its tries are used up (refuse without checking)."""
        now = now or timezone.now()
        key = client_key(request, self.scope)
        AttemptCount.objects.filter(expires_at__lt=now - self.window).delete()
        AttemptCount.objects.bulk_create(
            [AttemptCount(key=key, count=0, expires_at=now + self.window)], ignore_conflicts=True
        )
        if self._take(key, now):
            return True
        # The window has passed: start a new one. Of clients racing here one restarts it, the others
        # take a slot in the window it started.
        restarted = AttemptCount.objects.filter(key=key, expires_at__lte=now).update(
            count=1, expires_at=now + self.window
        )
        return bool(restarted) or self._take(key, now)

    def release(self, request: HttpRequest) -> None:
        """The try was right: it does not count against the client."""
        key = client_key(request, self.scope)
        AttemptCount.objects.filter(key=key, count__gt=0).update(count=F("count") - 1)

    def _take(self, key: str, now: dt.datetime) -> bool:
        taken = AttemptCount.objects.filter(key=key, expires_at__gt=now, count__lt=self.limit).update(
            count=F("count") + 1
        )
        return taken == 1
