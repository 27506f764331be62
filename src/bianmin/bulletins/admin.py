"""Notices in the admin: read-only, scoped to the user's orgs. They change only through
``bulletins.actions`` (the 公告管理 pages and the API), so who drafted, published and withdrew each one stays
true; the admin neither adds nor edits one."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bianmin.bulletins.models import Bulletin
from bianmin.orgs.admin_scope import OrgScopedAdmin


@admin.register(Bulletin)
class BulletinAdmin(OrgScopedAdmin):
    list_display = ["title", "kind", "org", "state", "pinned", "valid_from", "valid_until", "published_at"]
    list_filter = ["state", "kind", "pinned", "org"]
    search_fields = ["title", "body"]
    date_hierarchy = "valid_from"
    list_select_related = ["org"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
