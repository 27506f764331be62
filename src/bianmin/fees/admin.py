"""The collection window's rows in the admin, read-only: they change only through ``fees.actions`` (the
window's pages, the API and the harvest), and ledger rows are never edited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bianmin.fees.models import DayClose, Entry, FeeAttempt, Payable
from bianmin.orgs.admin_scope import OrgScopedAdmin


class ReadOnly(OrgScopedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Payable)
class PayableAdmin(ReadOnly):
    list_display = ["case_number", "item_name", "amount", "source", "raised_at", "org"]
    list_filter = ["source", "org"]
    search_fields = ["case_number"]
    list_select_related = ["org"]


@admin.register(Entry)
class EntryAdmin(ReadOnly):
    list_display = ["at", "kind", "amount", "method", "receipt_number", "actor_name", "org"]
    list_filter = ["kind", "method", "org"]
    date_hierarchy = "day"
    search_fields = ["receipt_number", "payable__case_number"]
    list_select_related = ["org"]


@admin.register(DayClose)
class DayCloseAdmin(ReadOnly):
    list_display = ["day", "org", "expected", "collected", "deposited", "slip_number", "closed_at"]
    list_filter = ["org"]
    list_select_related = ["org"]


@admin.register(FeeAttempt)
class FeeAttemptAdmin(ReadOnly):
    list_display = ["at", "case_number", "amount", "actor", "org"]
    list_filter = ["org"]
    list_select_related = ["org", "actor"]
