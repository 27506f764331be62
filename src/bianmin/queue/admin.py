"""Business types (号段) are set up per center in the admin by its director; tickets are shown read-only —
they change only through ``queue.actions`` (the kiosk and the counter's calling panel)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bianmin.orgs.admin_scope import OrgScopedAdmin
from bianmin.queue.models import BusinessType, Ticket


@admin.register(BusinessType)
class BusinessTypeAdmin(OrgScopedAdmin):
    list_display = ["prefix", "name", "org", "position", "active"]
    list_filter = ["active", "org"]
    search_fields = ["name", "prefix"]
    filter_horizontal = ["windows"]
    list_select_related = ["org"]


@admin.register(Ticket)
class TicketAdmin(OrgScopedAdmin):
    list_display = ["number", "day", "business_type", "priority", "state", "window", "issued_at", "called_at"]
    list_filter = ["state", "priority", "org"]
    date_hierarchy = "day"
    search_fields = ["number"]
    list_select_related = ["org", "business_type", "window"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
