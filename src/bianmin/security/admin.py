"""Login locks in the admin, scoped: a director sees and lifts the locks of their own center's staff."""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from bianmin.orgs.models import Staff
from bianmin.orgs.selectors import visible_orgs

if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class ScopedAccessAttemptAdmin(AccessAttemptAdmin):
    """Deleting an attempt lifts its lock. Others than superusers see only attempts at their staff's
    usernames: which addresses tried which other accounts is none of a town's business."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[AccessAttempt]:
        attempts = super().get_queryset(request)
        if request.user.is_superuser:
            return attempts
        orgs = visible_orgs(request.user)
        # A town's village stations (代办点) are the town's too.
        staff = Staff.objects.filter(Q(org__in=orgs) | Q(org__parent__in=orgs)).values("user__username")
        return attempts.filter(username__in=staff)
