"""Reporting rules and submissions in the admin, scoped to the user's orgs. A county admin edits the
county's rules here; submissions and reminders are read-only (a submitted report is never edited — a
correction is a new submission, made on the report's page). A town's staff read the county's rules they
report by."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q
from django.http import HttpRequest

from bianmin.orgs.admin_scope import OrgScopedAdmin, is_superuser, visible_org_ids
from bianmin.orgs.selectors import visible_orgs
from bianmin.submissions.models import ReportReminder, ReportRule, Submission


@admin.register(ReportRule)
class ReportRuleAdmin(OrgScopedAdmin):
    org_fields = ("county",)
    list_display = ["county", "kind", "submitter_level", "recipient_level", "due_day", "active"]
    list_filter = ["kind", "active"]

    def scope_q(self, request: HttpRequest) -> Q:
        """The county's own rules, and (to read) the rules of the county a center or station reports in."""
        regions = set(visible_orgs(request.user).values_list("region", flat=True)) - {""}
        return super().scope_q(request) | Q(county__code__in=regions)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """A rule is changed by its county only; a town reads it."""
        own = obj is None or is_superuser(request) or obj.county_id in visible_org_ids(request)
        return super().has_change_permission(request, obj) and own

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # switch a rule off (active) instead: its past calendar stays readable


class ReadOnlyAdmin(OrgScopedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ["number", "org", "kind", "period_key", "state", "due_date", "on_time", "submitted_at"]
    list_filter = ["state", "kind", "on_time"]
    search_fields = ["number", "period_key"]
    list_select_related = ["org"]


@admin.register(ReportReminder)
class ReportReminderAdmin(ReadOnlyAdmin):
    list_display = ["day", "org", "kind", "period_key", "due_date", "workdays_left"]
    list_filter = ["kind", "day"]
    list_select_related = ["org"]
