"""Ratings (好差评) in the admin: read-only, scoped to the user's orgs. A rating is the citizen's; the
admin neither writes nor edits one."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bianmin.feedback.models import Rating
from bianmin.orgs.admin_scope import OrgScopedAdmin


@admin.register(Rating)
class RatingAdmin(OrgScopedAdmin):
    list_display = ["case", "level", "channel", "org", "window", "handler", "created_at"]
    list_filter = ["level", "channel", "org"]
    search_fields = ["case__number", "comment"]
    date_hierarchy = "created_at"
    readonly_fields = ["case", "org", "window", "handler", "level", "comment", "channel", "created_at"]
    list_select_related = ["case", "org", "window", "handler"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
