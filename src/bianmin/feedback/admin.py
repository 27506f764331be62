"""Ratings (好差评) in the admin: read-only, scoped to the user's orgs. A rating is the citizen's; the
admin neither writes nor edits one. Its rectification is shown inline, read-only: it is handled on the
counter's pages, where every step is an action with its checks."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bianmin.feedback.models import Rating, Rectification
from bianmin.orgs.admin_scope import OrgScopedAdmin


class RectificationInline(admin.StackedInline):
    model = Rectification
    _shown = ("number", "owner", "deadline", "state", "measures", "rectified_at", "closed_at", "close_note")
    fields = _shown
    readonly_fields = _shown
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Rating)
class RatingAdmin(OrgScopedAdmin):
    list_display = [
        "case",
        "occasion",
        "level",
        "channel",
        "org",
        "window",
        "staff",
        "excluded",
        "created_at",
    ]
    list_filter = ["level", "channel", "occasion", "excluded", "org"]
    search_fields = ["case__number", "comment"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "case",
        "occasion",
        "org",
        "window",
        "staff",
        "level",
        "comment",
        "channel",
        "created_at",
        "excluded",
        "excluded_reason",
        "excluded_by",
        "excluded_at",
    ]
    list_select_related = ["case", "org", "window", "staff"]
    inlines = [RectificationInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
