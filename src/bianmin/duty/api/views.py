"""Rosters and meetings over the API, scoped like the pages (out of scope is not found)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from bianmin.duty import actions, selectors
from bianmin.duty.api import serializers as s
from bianmin.duty.models import DutyEntry, Meeting
from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.lib.schema import api_errors
from bianmin.lib.text import row_id
from bianmin.orgs.selectors import staff_of


class _ViewPermission(permissions.BasePermission):
    perm = ""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm(self.perm))


class CanViewRosters(_ViewPermission):
    perm = "duty.view_dutyentry"


class CanViewMeetings(_ViewPermission):
    perm = "duty.view_meeting"


_MONTH = OpenApiParameter(
    "month",
    str,
    required=True,
    allow_blank=False,
    pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$",
    description=gettext_lazy("月份，YYYY-MM"),
)
_ORG = OpenApiParameter("org", str, required=False, description=gettext_lazy("只看这个单位（行政区划代码）"))


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("值班表"), parameters=[_MONTH, _ORG]),
    retrieve=extend_schema(summary=gettext_lazy("值班安排")),
)
class RosterViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    """A month's roster of the caller's center and stations (county roles: the county's), by day and kind."""

    serializer_class = s.DutyEntrySerializer
    permission_classes = [permissions.IsAuthenticated, CanViewRosters]
    query_parameters = (_MONTH, _ORG)

    def get_queryset(self) -> QuerySet[DutyEntry]:
        if getattr(self, "swagger_fake_view", False):
            return DutyEntry.objects.none()
        if self.action != "list":
            return selectors.rosters(self.request.user)
        month = selectors.parse_month(self.request.query_params.get("month"))
        if month is None:
            raise DomainError("invalid_month", _("请按 YYYY-MM 指定月份"))
        entries = selectors.month_entries(self.request.user, *month)
        code = self.request.query_params.get("org")
        return entries.filter(org__code=code) if code else entries

    def _entry(self, pk: str) -> DutyEntry:
        number = row_id(pk)
        entry = selectors.entry_for(self.request.user, number) if number is not None else None
        if entry is None:
            raise DomainError("duty_entry_not_found", _("找不到该值班安排"), kind="not_found")
        return entry

    def _fresh(self, pk: int) -> Response:
        entry = selectors.rosters(self.request.user).filter(pk=pk).first()
        return Response(self.get_serializer(entry).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(self._entry(pk)).data)

    @extend_schema(
        request=s.RosterAssignInput,
        responses={200: s.DutyEntrySerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("编排值班"),
    )
    @action(detail=False, methods=["post"])
    def assign(self, request: Request) -> Response:
        body = s.RosterAssignInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        org = selectors.roster_orgs(request.user).filter(code=data["org"]).first()
        if org is None:
            raise DomainError("org_not_found", _("找不到该单位"), kind="not_found")
        entry = actions.assign(
            actor=request.user,
            org=org,
            date=data["date"],
            kind=data["kind"],
            staff=data["staff"],
            note=data["note"],
        )
        return self._fresh(entry.pk)

    @extend_schema(
        request=s.RotationInput,
        responses={200: s.RotationSerializer, **api_errors(400, 403, 404)},
        summary=gettext_lazy("设置轮值顺序"),
    )
    @action(detail=False, methods=["post"])
    def rotation(self, request: Request) -> Response:
        """轮值顺序 of one kind of duty, and with ``regenerate`` the month re-arranged by it."""
        body = s.RotationInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        org = selectors.roster_orgs(request.user).filter(code=data["org"]).first()
        if org is None:
            raise DomainError("org_not_found", _("找不到该单位"), kind="not_found")
        actions.set_rotation(actor=request.user, org=org, kind=data["kind"], staff=data["staff"])
        changed = created = 0
        if data["regenerate"]:
            year, month = selectors.parse_month(data["regenerate"]) or (0, 0)
            if not year:
                raise DomainError("invalid_month", _("请按 YYYY-MM 指定月份"))
            changed, created = actions.regenerate_month(org, year, month, actor=request.user)
        members = selectors.rotation_of(org, data["kind"])
        return Response(
            s.RotationSerializer(
                {
                    "org": org.code,
                    "kind": data["kind"],
                    "staff": [m.pk for m in members],
                    "staff_names": [m.name for m in members],
                    "changed": changed,
                    "created": created,
                }
            ).data
        )

    @extend_schema(
        request=s.RosterSwapInput,
        responses={200: s.DutyEntrySerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("登记调班"),
    )
    @action(detail=True, methods=["post"])
    def swap(self, request: Request, pk: str) -> Response:
        body = s.RosterSwapInput(data=request.data)
        body.is_valid(raise_exception=True)
        entry = self._entry(pk)
        data = body.validated_data
        actions.swap(
            entry, actor=request.user, to_staff=data["to_staff"], reason=data["reason"], other=data["other"]
        )
        return self._fresh(entry.pk)

    @extend_schema(
        request=s.DutyLogInput,
        responses={200: s.DutyEntrySerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("填写值班记录"),
    )
    @action(detail=True, methods=["post"])
    def log(self, request: Request, pk: str) -> Response:
        body = s.DutyLogInput(data=request.data)
        body.is_valid(raise_exception=True)
        entry = self._entry(pk)
        actions.write_log(
            entry,
            actor=request.user,
            log=body.validated_data["log"],
            hall_cleaned=body.validated_data["hall_cleaned"],
        )
        return self._fresh(entry.pk)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("例会与培训列表")),
    retrieve=extend_schema(summary=gettext_lazy("例会与培训")),
)
class MeetingViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    """Meetings and training of the caller's center (county roles: the county's), latest first."""

    serializer_class = s.MeetingSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewMeetings]

    def get_queryset(self) -> QuerySet[Meeting]:
        return selectors.meetings(self.request.user).order_by("-starts_at", "-pk")

    @extend_schema(
        responses={200: s.UpcomingMeetingSerializer(many=True)},
        summary=gettext_lazy("近期例会与培训"),
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def upcoming(self, request: Request) -> Response:
        """The meetings of the caller's center due a reminder now (read live), each marked when reminded."""
        found = selectors.upcoming_for(staff_of(request.user), timezone.now())
        return Response(s.UpcomingMeetingSerializer(found, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        number = row_id(pk)
        meeting = selectors.meeting_for(request.user, number) if number is not None else None
        if meeting is None:
            raise DomainError("meeting_not_found", _("找不到该例会或培训"), kind="not_found")
        return Response(self.get_serializer(meeting).data)
