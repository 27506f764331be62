"""Cases in the admin are read-only: every change goes through ``cases.actions`` so it is chained and noticed.

They are scoped like the counter pages (``selectors.case_scope``), and personal numbers are masked with the one
policy of ``lib.identity``: the full ID number is shown only through the logged reveal on the case page.
"""

from typing import Any

from django.contrib import admin
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from bianmin.cases.models import (
    AuditSeal,
    Case,
    CaseEvent,
    CaseMaterial,
    JointTask,
    Notice,
    OneTimeNoticeBreach,
)
from bianmin.cases.selectors import case_scope, visible_cases
from bianmin.lib.identity import mask_id, mask_phone
from bianmin.orgs.admin_scope import OrgScopedAdmin, ScopedInlineMixin


class ReadOnlyMixin:
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class OfScopedCases(OrgScopedAdmin):
    """Rows of a case the user may see (events, notices, breaches)."""

    org_fields = ()

    def scope_q(self, request: HttpRequest) -> Q:
        return Q(case__in=visible_cases(request.user).values("pk"))

    @admin.display(description=_("办件"), ordering="case__number")
    def case_number(self, obj: Any) -> str:
        return obj.case.number


class CaseMaterialInline(ReadOnlyMixin, ScopedInlineMixin, admin.TabularInline):
    model = CaseMaterial
    extra = 0
    fields = ["name", "mandatory", "received", "received_at"]


class JointTaskInline(ReadOnlyMixin, ScopedInlineMixin, admin.TabularInline):
    model = JointTask
    extra = 0
    fields = ["window_code", "task", "days", "due_date", "state", "completed_at"]


@admin.register(Case)
class CaseAdmin(ReadOnlyMixin, OrgScopedAdmin):
    list_display = [
        "number",
        "item_name",
        "applicant_name",
        "masked_applicant_phone",
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
    # Personal numbers appear only masked (the ``masked_*`` rows); the query code is the applicant's.
    fields = [
        "number",
        "org",
        "station",
        "window",
        "item",
        "item_version",
        "kind",
        "channel",
        "state",
        "applicant_kind",
        "applicant_name",
        "applicant_id_type",
        "masked_applicant_id_number",
        "masked_applicant_credit_code",
        "masked_applicant_phone",
        "applicant_address",
        "agent_name",
        "masked_agent_id_number",
        "masked_agent_phone",
        "agent_authorization",
        "first_contact",
        "registered_by",
        "accepted_by",
        "handler",
        "registered_at",
        "accepted_at",
        "accepted_on",
        "base_days",
        "extended_days",
        "suspended_days",
        "due_date",
        "due_provisional",
        "suspended_on",
        "suspension_type",
        "concluded_at",
        "delivered_at",
        "archived_at",
        "closed_at",
        "result",
        "result_reason",
        "certificate_name",
        "certificate_number",
        "delivery_method",
        "collected_by",
        "close_reason",
    ]
    readonly_fields = [
        "masked_applicant_id_number",
        "masked_applicant_credit_code",
        "masked_applicant_phone",
        "masked_agent_id_number",
        "masked_agent_phone",
    ]
    inlines = [CaseMaterialInline, JointTaskInline]
    list_select_related = ["org", "window"]
    org_fields = ()  # scoped by ``case_scope``: the center's cases, and a station's own

    def scope_q(self, request: HttpRequest) -> Q:
        return case_scope(request.user)

    @admin.display(description=_("事项名称"))
    def item_name(self, obj: Case) -> str:
        return obj.item_name

    @admin.display(description=_("证件号码"))
    def masked_applicant_id_number(self, obj: Case) -> str:
        return mask_id(obj.applicant_id_number)

    @admin.display(description=_("统一社会信用代码"))
    def masked_applicant_credit_code(self, obj: Case) -> str:
        return mask_id(obj.applicant_credit_code)

    @admin.display(description=_("联系电话"))
    def masked_applicant_phone(self, obj: Case) -> str:
        return mask_phone(obj.applicant_phone)

    @admin.display(description=_("代理人证件号码"))
    def masked_agent_id_number(self, obj: Case) -> str:
        return mask_id(obj.agent_id_number)

    @admin.display(description=_("代理人电话"))
    def masked_agent_phone(self, obj: Case) -> str:
        return mask_phone(obj.agent_phone)


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyMixin, OfScopedCases):
    list_display = ["case_number", "seq", "type", "actor_name", "at", "from_state", "to_state"]
    list_filter = ["type", "org"]
    search_fields = ["case__number", "actor_name"]
    date_hierarchy = "at"
    list_select_related = ["case"]
    field_labels = {
        "case": _("办件"),
        "org": _("受理中心"),
        "prev_hash": _("上一环节哈希"),
        "hash": _("本环节哈希"),
    }


@admin.register(Notice)
class NoticeAdmin(ReadOnlyMixin, OfScopedCases):
    list_display = ["number", "type", "case_number", "issued_at"]
    list_filter = ["type", "year", "org"]
    search_fields = ["number", "case__number"]
    exclude = ["html"]
    list_select_related = ["case"]
    field_labels = {
        "case": _("办件"),
        "org": _("受理中心"),
        "issued_by": _("出具人"),
        "sha256": _("文书摘要(SHA-256)"),
    }


@admin.register(OneTimeNoticeBreach)
class OneTimeNoticeBreachAdmin(ReadOnlyMixin, OfScopedCases):
    list_display = ["case_number", "clerk", "materials", "recorded_at"]
    list_filter = ["org"]
    search_fields = ["case__number", "clerk__username"]
    list_select_related = ["case", "clerk"]
    field_labels = {
        "case": _("办件"),
        "org": _("受理中心"),
        "first_notice": _("首次一次性告知书"),
        "later_notice": _("后续一次性告知书"),
    }


@admin.register(AuditSeal)
class AuditSealAdmin(ReadOnlyMixin, OrgScopedAdmin):
    list_display = ["seal_org", "day", "event_count", "seal_root_hash", "sealed_at"]
    list_filter = ["org"]
    search_fields = ["root_hash"]
    date_hierarchy = "day"
    list_select_related = ["org"]
    field_labels = {
        "org": _("组织"),
        "root_hash": _("根哈希"),
        "signature": _("签名"),
        "key_id": _("密钥编号"),
    }

    @admin.display(description=_("组织"), ordering="org__path")
    def seal_org(self, obj: AuditSeal) -> str:
        return str(obj.org)

    @admin.display(description=_("根哈希"))
    def seal_root_hash(self, obj: AuditSeal) -> str:
        return obj.root_hash
