"""Cases in the admin are read-only: every change goes through ``cases.actions`` so it is chained and noticed."""

from typing import Any

from django.contrib import admin

from bianmin.cases.models import (
    AuditSeal,
    Case,
    CaseEvent,
    CaseMaterial,
    JointTask,
    Notice,
    OneTimeNoticeBreach,
)
from bianmin.orgs.admin import ScopedAdmin


class ReadOnlyMixin:
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class CaseMaterialInline(ReadOnlyMixin, admin.TabularInline):
    model = CaseMaterial
    extra = 0
    fields = ["name", "mandatory", "received", "received_at"]


class JointTaskInline(ReadOnlyMixin, admin.TabularInline):
    model = JointTask
    extra = 0
    fields = ["window_code", "task", "days", "due_date", "state", "completed_at"]


@admin.register(Case)
class CaseAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = [
        "number",
        "item_name",
        "applicant_name",
        "state",
        "kind",
        "channel",
        "org",
        "window",
        "due_date",
    ]
    list_filter = ["state", "kind", "channel", "org", "due_provisional"]
    search_fields = ["number", "applicant_name", "item_snapshot__name"]
    date_hierarchy = "registered_at"
    exclude = ["applicant_id_number", "agent_id_number", "item_snapshot"]
    inlines = [CaseMaterialInline, JointTaskInline]
    list_select_related = ["org", "window"]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ["case", "seq", "type", "actor_name", "at", "from_state", "to_state"]
    list_filter = ["type", "org"]
    search_fields = ["case__number", "actor_name"]
    date_hierarchy = "at"
    list_select_related = ["case"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ["number", "type", "case", "issued_at", "sha256"]
    list_filter = ["type", "year", "org"]
    search_fields = ["number", "case__number"]
    exclude = ["html"]
    list_select_related = ["case"]


@admin.register(OneTimeNoticeBreach)
class OneTimeNoticeBreachAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ["case", "clerk", "materials", "recorded_at"]
    list_filter = ["org"]
    search_fields = ["case__number", "clerk__username"]


@admin.register(AuditSeal)
class AuditSealAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ["org", "day", "event_count", "root_hash", "sealed_at"]
    list_filter = ["org"]
    search_fields = ["root_hash"]
    date_hierarchy = "day"
