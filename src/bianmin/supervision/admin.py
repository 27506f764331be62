"""Cards in the admin: read-only, scoped to the user's orgs. They change only through
``supervision.actions`` (the sweep and a supervisor's decision on the board)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bianmin.orgs.admin_scope import OrgScopedAdmin
from bianmin.supervision.models import CardRecord, SweepMark


class _ReadOnlyAdmin(OrgScopedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CardRecord)
class CardRecordAdmin(_ReadOnlyAdmin):
    list_display = [
        "case",
        "subject",
        "rule",
        "level",
        "staff",
        "days_overdue",
        "reached_on",
        "status",
        "org",
    ]
    list_filter = ["level", "status", "rule", "org"]
    search_fields = ["case__number"]
    date_hierarchy = "reached_on"
    list_select_related = ["case", "org", "staff"]


@admin.register(SweepMark)
class SweepMarkAdmin(_ReadOnlyAdmin):
    list_display = ["org", "day"]
