"""Consultations and the FAQ in the admin: read-only, scoped to the user's orgs. They change only through
``consultations.actions`` (the 咨询登记 and 常见问题 pages), so the admin neither adds nor edits one; the
citizen's name and phone are left out (the pages show them masked in lists)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bianmin.consultations.models import Consultation, Faq
from bianmin.orgs.admin_scope import OrgScopedAdmin


class ReadOnlyAdmin(OrgScopedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ["asked_at", "topic", "channel", "how", "state", "first_contact", "owner", "org"]
    list_filter = ["state", "channel", "how", "org"]
    search_fields = ["topic"]
    date_hierarchy = "asked_on"
    exclude = ["citizen_name", "citizen_phone"]
    list_select_related = ["org", "first_contact", "owner"]


@admin.register(Faq)
class FaqAdmin(ReadOnlyAdmin):
    list_display = ["question", "item", "state", "position", "org", "published_at"]
    list_filter = ["state", "org"]
    search_fields = ["question", "answer"]
    list_select_related = ["org", "item"]
