"""Seals in the admin: read-only, scoped to the user's orgs. The registry and its uses change only through
``seals.actions`` (the 印章管理 pages and the API), so every change keeps its history and attempts."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bianmin.orgs.admin_scope import OrgScopedAdmin
from bianmin.seals.models import Seal, SealAttempt, SealHandover, SealRequest, SealUse


class ReadOnlyAdmin(OrgScopedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Seal)
class SealAdmin(ReadOnlyAdmin):
    list_display = ["number", "name", "kind", "needs_approval", "custodian", "status", "org"]
    list_filter = ["status", "kind", "org"]
    search_fields = ["number", "name"]
    list_select_related = ["org", "custodian"]


@admin.register(SealUse)
class SealUseAdmin(ReadOnlyAdmin):
    list_display = ["used_at", "seal", "purpose", "impressions", "used_by", "approver", "org"]
    list_filter = ["org"]
    date_hierarchy = "used_on"
    list_select_related = ["seal", "used_by", "approver", "org"]


@admin.register(SealRequest)
class SealRequestAdmin(ReadOnlyAdmin):
    list_display = ["requested_at", "seal", "purpose", "impressions", "state", "requested_by", "decided_by"]
    list_filter = ["state", "org"]
    list_select_related = ["seal", "requested_by", "decided_by"]


@admin.register(SealAttempt)
class SealAttemptAdmin(ReadOnlyAdmin):
    list_display = ["at", "seal", "actor", "code", "reason", "org"]
    list_filter = ["code", "org"]
    list_select_related = ["seal", "actor", "org"]


@admin.register(SealHandover)
class SealHandoverAdmin(ReadOnlyAdmin):
    list_display = ["handed_at", "seal", "from_staff", "to_staff", "state", "closed_at"]
    list_filter = ["state", "org"]
    list_select_related = ["seal", "from_staff", "to_staff"]
