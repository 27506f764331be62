"""The outbox in the admin, read-only: messages and their delivery log change only through the worker and
``notify.actions`` (retry, opt-out, wording), which the counter's pages and the API call."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bianmin.notify.models import DeliveryAttempt, Message, MessageTemplate
from bianmin.orgs.admin_scope import OrgScopedAdmin


class _ReadOnly(OrgScopedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = ["number", "at", "ok", "error", "provider_id", "duration_ms", "worker"]
    readonly_fields = ("number", "at", "ok", "error", "provider_id", "duration_ms", "worker")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(_ReadOnly):
    list_display = ["created_at", "kind", "channel", "state", "case_number", "org", "attempts", "sent_at"]
    list_filter = ["state", "channel", "kind", "org"]
    date_hierarchy = "created_at"
    search_fields = ["case_number", "source"]
    list_select_related = ["org"]
    exclude = ["lease_token"]
    inlines = [AttemptInline]


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(_ReadOnly):
    org_fields = ("message__org",)
    list_display = ["message", "number", "at", "ok", "error", "worker"]
    list_filter = ["ok"]
    list_select_related = ["message"]
    raw_id_fields = ["message"]


@admin.register(MessageTemplate)
class MessageTemplateAdmin(_ReadOnly):
    """The wording is changed on the counter's template page (with its SMS count), not here."""

    list_display = ["org", "kind", "gateway_template", "updated_at", "updated_by"]
    list_filter = ["kind", "org"]
    list_select_related = ["org", "updated_by"]
