"""The archive in the admin: read-only, scoped to the user's orgs. Boxes, files, loans, disposals and retention
rules change only through ``archive.actions`` (the 档案管理 pages and the API): a disposal must leave its record
and a file is never deleted, so the admin neither adds, edits nor deletes one."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bianmin.archive.models import ArchiveRecord, Box, Disposal, Loan, RetentionRule
from bianmin.orgs.admin_scope import OrgScopedAdmin


class ReadOnlyAdmin(OrgScopedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Box)
class BoxAdmin(ReadOnlyAdmin):
    list_display = ["label", "org", "year", "window_code", "capacity", "opened_at", "closed_at"]
    list_filter = ["year", "window_code", "org"]


@admin.register(ArchiveRecord)
class ArchiveRecordAdmin(ReadOnlyAdmin):
    list_display = ["number", "org", "retention", "expires_on", "archived_at", "disposed_at"]
    list_filter = ["retention", "org"]
    search_fields = ["number", "case__number"]
    raw_id_fields = ["case", "box", "disposal"]


@admin.register(Loan)
class LoanAdmin(ReadOnlyAdmin):
    list_display = ["record", "borrower_name", "state", "expected_return", "lent_at", "returned_at", "org"]
    list_filter = ["state", "org"]


@admin.register(Disposal)
class DisposalAdmin(ReadOnlyAdmin):
    list_display = ["proposed_at", "state", "proposed_by", "decided_by", "decided_at", "org"]
    list_filter = ["state", "org"]


@admin.register(RetentionRule)
class RetentionRuleAdmin(ReadOnlyAdmin):
    list_display = ["category", "retention", "org", "updated_at", "updated_by"]
