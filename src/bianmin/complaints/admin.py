"""Complaints and the opinion book in the admin: read-only, scoped to the user's orgs (``orgs.admin_scope``).

Every change goes through ``complaints.actions`` (the counter's pages and the API), where the rules of 003
曾家镇效能投诉制度 are checked, so the admin neither adds, edits nor deletes. The complainant's name and phone
are confidential (三、对投诉人及投诉事项予以保密): only a user who may see them on the pages
(``selectors.can_see_complainant``, the supervisor) sees them here; everyone else sees them masked by the one
policy (``lib.identity``) and cannot search by them either, which would tell who complained just as well.
A citizen author of an opinion-book entry is treated the same; a staff member's name is no secret.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from bianmin.complaints.models import AuthorKind, Complaint, OpinionEntry, Referral
from bianmin.complaints.selectors import can_see_complainant
from bianmin.lib.identity import mask_name, mask_phone
from bianmin.orgs.admin_scope import OrgScopedAdmin, ScopedInlineMixin


def _who(user: Any) -> str:
    if user is None:
        return "—"
    staff = getattr(user, "staff", None)
    return staff.name if staff is not None else user.get_username()


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReferralInline(_ReadOnly, ScopedInlineMixin, admin.TabularInline):
    model = Referral
    fields = readonly_fields = ("referred_at", "referrer", "recipient", "to_body", "note")
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("to_user__staff", "referred_by__staff")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A referral is part of its complaint's record: whoever reads the complaint reads its referrals.
        return bool(request.user.has_perm("complaints.view_complaint"))

    @admin.display(description=_("移送人"))
    def referrer(self, obj: Referral) -> str:
        return _who(obj.referred_by)

    @admin.display(description=_("移送给"))
    def recipient(self, obj: Referral) -> str:
        return _who(obj.to_user) if obj.to_user_id else "—"


@admin.register(Complaint)
class ComplaintAdmin(_ReadOnly, OrgScopedAdmin):
    list_filter = ["state", "channel", "major", "upheld", "org"]
    date_hierarchy = "received_at"
    list_select_related = ["org", "against_staff", "against_window", "case"]
    inlines = [ReferralInline]

    # The complainant's columns: in full for those who may see them, else masked.
    IDENTITY = ("complainant_name", "complainant_phone")
    MASKED = ("masked_complainant", "masked_phone")

    def _identity(self, request: HttpRequest) -> tuple[str, ...]:
        return self.IDENTITY if can_see_complainant(request.user) else self.MASKED

    def get_list_display(self, request: HttpRequest) -> Any:
        return [
            "received_at",
            "channel",
            *self._identity(request)[:1],
            "against_staff",
            "against_window",
            "org",
            "major",
            "due_date",
            "state",
            "upheld",
        ]

    def get_search_fields(self, request: HttpRequest) -> list[str]:
        fields = ["content", "case__number"]
        return [*fields, *self.IDENTITY] if can_see_complainant(request.user) else fields

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [
            "org",
            "channel",
            "content",
            *self._identity(request),
            "against_staff",
            "against_window",
            "case",
            "major",
            "state",
            "received_at",
            "receiver",
            "due_date",
            "reply_mode",
            "reply_text",
            "replied_at",
            "replier",
            "reply_notice_number",
            "findings",
            "upheld",
            "decision_reason",
            "decided_at",
            "decider",
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj)

    @admin.display(description=_("投诉人"))
    def masked_complainant(self, obj: Complaint) -> str:
        return mask_name(obj.complainant_name) or "—"

    @admin.display(description=_("联系电话"))
    def masked_phone(self, obj: Complaint) -> str:
        return mask_phone(obj.complainant_phone) or "—"

    @admin.display(description=_("受理人"))
    def receiver(self, obj: Complaint) -> str:
        return _who(obj.received_by) if obj.received_by_id else str(_("网上"))

    @admin.display(description=_("答复人"))
    def replier(self, obj: Complaint) -> str:
        return _who(obj.replied_by)

    @admin.display(description=_("认定人"))
    def decider(self, obj: Complaint) -> str:
        return _who(obj.decided_by)

    @admin.display(description=_("投诉答复书"))
    def reply_notice_number(self, obj: Complaint) -> str:
        notice = getattr(obj, "reply_notice", None)
        return notice.number if notice is not None else "—"


@admin.register(OpinionEntry)
class OpinionEntryAdmin(_ReadOnly, OrgScopedAdmin):
    list_filter = ["state", "source", "author_kind", "adopted", "published", "org"]
    date_hierarchy = "recorded_at"
    list_select_related = ["org", "author_staff"]

    def _identity(self, request: HttpRequest) -> tuple[str, ...]:
        if can_see_complainant(request.user):
            return ("author_name", "author_phone")
        return ("masked_author", "masked_phone")

    def get_list_display(self, request: HttpRequest) -> Any:
        return [
            "recorded_at",
            "source",
            "author_kind",
            *self._identity(request)[:1],
            "org",
            "state",
            "adopted",
            "published",
        ]

    def get_search_fields(self, request: HttpRequest) -> list[str]:
        fields = ["content", "answer", "author_staff__name"]
        if can_see_complainant(request.user):
            return [*fields, "author_name", "author_phone"]
        return fields

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [
            "org",
            "source",
            "content",
            "author_kind",
            *self._identity(request),
            "author_staff",
            "consent_to_publish",
            "state",
            "recorded_at",
            "answer",
            "answered_at",
            "published",
            "adopted",
            "adopted_at",
            "adoption_note",
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj)

    @admin.display(description=_("提出人"))
    def masked_author(self, obj: OpinionEntry) -> str:
        if obj.author_kind == AuthorKind.STAFF:
            return obj.author_name
        return mask_name(obj.author_name) or "—"

    @admin.display(description=_("联系电话"))
    def masked_phone(self, obj: OpinionEntry) -> str:
        return mask_phone(obj.author_phone) or "—"
