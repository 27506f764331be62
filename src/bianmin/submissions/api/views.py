"""Submissions and the reporting calendar over the API. A report is drafted by POST (again to edit the
draft), submitted by ``POST …/{id}/submit/`` and corrected by ``POST …/{id}/correct/`` (a new draft that
supersedes it); there is no PUT, PATCH or DELETE — a submitted report is never changed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.lib.schema import api_errors
from bianmin.orgs.models import Org
from bianmin.submissions import actions, selectors
from bianmin.submissions.api import serializers as s
from bianmin.submissions.filters import SubmissionFilter
from bianmin.submissions.models import Submission

CALENDAR_MAX_DAYS = 400


class CanViewSubmissions(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("submissions.view_submission"))


def org_in_scope(user: Any, code: Any) -> Org:
    org = Org.objects.filter(code=str(code)).first() if code else None
    if org is None or not (user.is_superuser or org.pk in selectors.scope_org_ids(user)):
        raise DomainError("org_not_found", _("找不到该单位"), kind="not_found")
    return org


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("报送列表")),
    retrieve=extend_schema(summary=gettext_lazy("报送")),
)
class SubmissionViewSet(
    KnownQueryParameters,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Reports of the caller's center (a town's staff: and its stations'; county roles: the county's)."""

    serializer_class = s.SubmissionSerializer
    filterset_class = SubmissionFilter
    permission_classes = [permissions.IsAuthenticated, CanViewSubmissions]

    def get_queryset(self) -> QuerySet[Submission]:
        return selectors.visible_submissions(self.request.user).order_by("-period_first", "-pk")

    def http_method_not_allowed(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        if request.method in ("PUT", "PATCH", "DELETE"):
            raise DomainError(
                "submission_immutable",
                _("报送不能修改或删除：草稿请再次保存，已报送的请提交更正"),
                kind="conflict",
            )
        return super().http_method_not_allowed(request, *args, **kwargs)  # type: ignore[no-any-return]

    def _one(self, pk: Any) -> Submission:
        found = self.get_queryset().filter(pk=int(pk)).first() if str(pk).isdigit() else None
        if found is None:
            raise DomainError(actions.NOT_FOUND, _("找不到该报送"), kind="not_found")
        return found

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.get_serializer(self._one(kwargs["pk"])).data)

    @extend_schema(
        request=s.DraftInput,
        responses={201: s.SubmissionSerializer, **api_errors(400, 403, 404)},
        summary=gettext_lazy("保存报表草稿"),
    )
    def create(self, request: Request) -> Response:
        body = s.DraftInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        org = org_in_scope(request.user, data["org"])
        draft = actions.save_draft(
            actor=request.user,
            org=org,
            kind=data["kind"],
            period_key=data["period"],
            work=data["work"],
            good_practice=data["good_practice"],
            problems=data["problems"],
            now=timezone.now(),
        )
        return Response(self.get_serializer(self._one(draft.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: s.SubmissionSerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("报送"),
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        target = self._one(pk)
        actions.submit(actor=request.user, submission_id=target.pk, now=timezone.now())
        return Response(self.get_serializer(self._one(target.pk)).data)

    @extend_schema(
        request=None,
        responses={201: s.SubmissionSerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("更正报送（新建草稿）"),
    )
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        target = self._one(pk)
        draft = actions.start_correction(actor=request.user, submission_id=target.pk, now=timezone.now())
        return Response(self.get_serializer(self._one(draft.pk)).data, status=status.HTTP_201_CREATED)


DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
ORG = OpenApiParameter(
    "org", OpenApiTypes.STR, description="division code of an org in scope (default: the caller's own)"
)
FROM = OpenApiParameter("from", OpenApiTypes.DATE, description="first due date (default: today)")
TO = OpenApiParameter("to", OpenApiTypes.DATE, description="last due date (default: 31 days after from)")


def _date(request: Request, name: str, default: dt.date) -> dt.date:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        if re.fullmatch(DATE, raw):
            return dt.date.fromisoformat(raw)
    except ValueError:
        pass
    raise DomainError(f"invalid_{name}", _("日期格式应为 YYYY-MM-DD"), field=name)


class CalendarView(KnownQueryParameters, APIView):
    """The reports owed with a due date in the span, each with its due date (moved off days off,
    provisional where the year's holidays are not published) and what was submitted for it."""

    permission_classes = [permissions.IsAuthenticated, CanViewSubmissions]
    query_parameters = [ORG, FROM, TO]

    @extend_schema(
        summary=gettext_lazy("报送日历"),
        parameters=[ORG, FROM, TO],
        responses={200: s.CalendarEntrySerializer(many=True), **api_errors(404)},
    )
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        code = request.query_params.get("org")
        if code is None:
            staff = getattr(request.user, "staff", None)
            code = staff.org.code if staff is not None else None
        org = org_in_scope(request.user, code)
        first = _date(request, "from", today)
        last = _date(request, "to", first + dt.timedelta(days=31))
        if last < first or (last - first).days > CALENDAR_MAX_DAYS:
            raise DomainError(
                "bad_span",
                _("截止日期应不早于起始日期，且相差不超过 %(days)d 天") % {"days": CALENDAR_MAX_DAYS},
            )
        orgs = selectors.overview_orgs(request.user, org)
        rows = selectors.due_reports(orgs, first, last, today=today)
        return Response(s.CalendarEntrySerializer(rows, many=True).data)
