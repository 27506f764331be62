"""Market days and home visits in the admin: read-only, scoped to the user's orgs. They change only through
``outreach.actions`` (the 赶场服务 and 上门服务 pages), so the admin neither adds nor edits one; the cases
registered on an outing are listed on its page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bianmin.orgs.admin_scope import OrgScopedAdmin
from bianmin.outreach.models import HomeVisit, MarketDay


class ReadOnlyAdmin(OrgScopedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MarketDay)
class MarketDayAdmin(ReadOnlyAdmin):
    list_display = ["date", "place", "org", "state", "leader", "people_served", "ends_at"]
    list_filter = ["state", "org"]
    search_fields = ["place", "log_note"]
    date_hierarchy = "date"
    list_select_related = ["org", "leader"]


@admin.register(HomeVisit)
class HomeVisitAdmin(ReadOnlyAdmin):
    list_display = ["requester_name", "reason", "matter", "wished_at", "state", "assigned_to", "org"]
    list_filter = ["state", "reason", "org"]
    search_fields = ["requester_name", "matter", "address"]
    # The ID number is the citizen's; the pages show it masked and the admin does not show it at all.
    exclude = ["requester_id_number"]
    list_select_related = ["org", "assigned_to"]
