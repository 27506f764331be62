"""Mediations in the admin: read-only, scoped to the user's orgs. They change only through
``mediation.actions``; the parties (names, ID numbers, phones) are not shown here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bianmin.mediation.models import Mediation
from bianmin.orgs.admin_scope import OrgScopedAdmin


@admin.register(Mediation)
class MediationAdmin(OrgScopedAdmin):
    list_display = ["number", "title", "kind", "channel", "state", "due_on", "org"]
    list_filter = ["state", "kind", "channel", "org"]
    search_fields = ["number", "title"]
    date_hierarchy = "registered_on"
    list_select_related = ["org"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
