"""Assessment tables and score entries in the admin: read-only and scoped to the user's orgs. Tables change
by a new version and entries through ``performance.actions`` (the assessment pages and the scoring)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bianmin.orgs.admin_scope import OrgScopedAdmin
from bianmin.performance.models import RuleTable, ScoreEntry


class ReadOnlyAdmin(OrgScopedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RuleTable)
class RuleTableAdmin(ReadOnlyAdmin):
    list_display = ["name", "version", "kind", "valid_from", "org", "applies_by_default"]
    list_filter = ["kind"]


@admin.register(ScoreEntry)
class ScoreEntryAdmin(ReadOnlyAdmin):
    list_display = ["month", "day", "user", "window", "rule", "amount", "source", "status", "org"]
    list_filter = ["status", "source", "month"]
    search_fields = ["source_key", "evidence"]
    list_select_related = ["user", "window", "rule", "org"]
