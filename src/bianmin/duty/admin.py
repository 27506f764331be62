"""Rosters and meetings in the admin: read-only, scoped to the user's orgs. They change only through
``duty.actions`` (the 值班表 and 例会培训 pages), so the admin neither adds nor edits one."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bianmin.duty.models import DutyEntry, DutyRotation, Meeting
from bianmin.orgs.admin_scope import OrgScopedAdmin


class ReadOnlyAdmin(OrgScopedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DutyEntry)
class DutyEntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "kind", "staff", "org", "source", "hall_cleaned"]
    list_filter = ["kind", "source", "org"]
    date_hierarchy = "date"
    list_select_related = ["org", "staff"]


@admin.register(DutyRotation)
class DutyRotationAdmin(ReadOnlyAdmin):
    list_display = ["org", "kind", "updated_at"]
    list_filter = ["kind", "org"]
    list_select_related = ["org"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["starts_at", "kind", "topic", "org"]
    list_filter = ["kind", "org"]
    search_fields = ["topic", "minutes"]
    list_select_related = ["org"]
