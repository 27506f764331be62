"""Attendance in the admin, scoped to the user's orgs. Sign-ins, trips and leave change only through
``attendance.actions`` (the sign-in and leave pages), so they are read-only here; a center's director keeps
its leave table, approvers and settings here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bianmin.attendance.models import (
    AttendanceSettings,
    EmptyWindowAlert,
    LeaveApprover,
    LeavePolicy,
    LeaveRequest,
    SignIn,
    Trip,
)
from bianmin.orgs.admin_scope import OrgScopedAdmin


class ReadOnlyAdmin(OrgScopedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SignIn)
class SignInAdmin(ReadOnlyAdmin):
    org_fields = ("staff__org",)
    list_display = ["day", "session", "staff", "signed_in_at", "signed_out_at"]
    list_filter = ["session"]
    date_hierarchy = "day"
    list_select_related = ["staff"]


@admin.register(Trip)
class TripAdmin(ReadOnlyAdmin):
    org_fields = ("staff__org",)
    list_display = ["staff", "started_at", "ended_at", "reason"]
    list_select_related = ["staff"]


@admin.register(LeaveRequest)
class LeaveRequestAdmin(ReadOnlyAdmin):
    list_display = ["staff", "kind", "start_day", "end_day", "half_days", "approver", "state"]
    list_filter = ["state", "kind", "approver"]
    list_select_related = ["staff"]


@admin.register(LeavePolicy)
class LeavePolicyAdmin(OrgScopedAdmin):
    list_display = ["org", "min_half_days", "max_half_days", "approver", "external_body"]
    list_select_related = ["org"]


@admin.register(LeaveApprover)
class LeaveApproverAdmin(OrgScopedAdmin):
    list_display = ["org", "role", "user"]
    list_select_related = ["org", "user"]


@admin.register(AttendanceSettings)
class AttendanceSettingsAdmin(OrgScopedAdmin):
    list_display = ["org", "late_leave", "filing_office"]
    list_select_related = ["org"]


@admin.register(EmptyWindowAlert)
class EmptyWindowAlertAdmin(ReadOnlyAdmin):
    """Written by ``attendance_alerts`` and acknowledged on the 窗口在岗 page, never edited here."""

    list_display = ["day", "session", "window", "since", "minutes", "acknowledged_at", "acknowledged_by"]
    list_filter = ["session"]
    date_hierarchy = "day"
    list_select_related = ["window", "acknowledged_by"]
