from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bianmin.cases import actions
from bianmin.cases.api import serializers as s
from bianmin.cases.models import Case, CaseState, Notice
from bianmin.cases.pdf import notice_pdf
from bianmin.cases.public import find_for_citizen, public_progress
from bianmin.cases.selectors import case_details, visible_cases
from bianmin.catalog.models import CaseKind
from bianmin.lib.errors import DomainError


class CaseFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=CaseState.choices)
    kind = django_filters.ChoiceFilter(choices=CaseKind.choices)
    window = django_filters.CharFilter(field_name="window__code")
    number = django_filters.CharFilter(
        field_name="number", lookup_expr="startswith", label=gettext_lazy("受理编号前缀")
    )
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")
    registered_after = django_filters.DateFilter(field_name="registered_at__date", lookup_expr="gte")
    registered_before = django_filters.DateFilter(field_name="registered_at__date", lookup_expr="lte")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=gettext_lazy("已超期"))
    handler = django_filters.CharFilter(field_name="handler__username")

    class Meta:
        model = Case
        fields: list[str] = []

    def filter_overdue(self, queryset: QuerySet[Case], name: str, value: bool) -> QuerySet[Case]:
        today = timezone.localdate()
        late = {"state__in": CaseState.running_states(), "due_date__lt": today}
        return queryset.filter(**late) if value else queryset.exclude(**late)


def _user_by_name(username: str) -> Any:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise DomainError("invalid_handler", _("没有用户 %(username)s") % {"username": username})
    return user


# action name → (request serializer, call(case_number, actor, validated data))
ACTIONS: dict[str, tuple[type, Callable[[str, Any, dict], Any]]] = {
    "notify_missing": (
        s.NotifyMissingInput,
        lambda c, a, d: actions.notify_missing(c, actor=a, also_missing=d["materials"]),
    ),
    "supplement": (
        s.MaterialsInput,
        lambda c, a, d: actions.supplement(c, actor=a, materials=d["materials"]),
    ),
    "accept": (s.EmptyInput, lambda c, a, d: actions.accept(c, actor=a)),
    "reject": (s.ReasonInput, lambda c, a, d: actions.reject(c, actor=a, reason=d["reason"])),
    "assign": (
        s.AssignInput,
        lambda c, a, d: actions.assign(c, actor=a, handler=_user_by_name(d["handler"])),
    ),
    "complete_task": (
        s.CompleteTaskInput,
        lambda c, a, d: actions.complete_task(c, actor=a, window_code=d["window"], result=d["result"]),
    ),
    "suspend": (
        s.SuspendInput,
        lambda c, a, d: actions.suspend(c, actor=a, type=d["type"], reason=d["reason"]),
    ),
    "resume": (s.EmptyInput, lambda c, a, d: actions.resume(c, actor=a)),
    "extend": (s.ExtendInput, lambda c, a, d: actions.extend(c, actor=a, days=d["days"], reason=d["reason"])),
    "conclude": (s.ConcludeInput, lambda c, a, d: actions.conclude(c, actor=a, **d)),
    "deliver": (s.DeliverInput, lambda c, a, d: actions.deliver(c, actor=a, **d)),
    "archive": (s.EmptyInput, lambda c, a, d: actions.archive(c, actor=a)),
    "withdraw": (s.ReasonInput, lambda c, a, d: actions.withdraw(c, actor=a, reason=d["reason"])),
}


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Cases of the caller's center (county roles: their county). Out-of-scope cases answer 404."""

    serializer_class = s.CaseSerializer
    lookup_field = "number"
    filterset_class = CaseFilter

    def get_queryset(self) -> QuerySet[Case]:
        return case_details(self.request.user)

    @extend_schema(
        request=s.RegisterInput, responses={201: s.CaseSerializer}, summary=gettext_lazy("登记办件")
    )
    def create(self, request: Request) -> Response:
        body = s.RegisterInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        case = actions.register(
            actor=request.user,
            item_code=data["item"],
            applicant=data["applicant"],
            channel=data["channel"],
            received_materials=data["received_materials"],
            agent=data.get("agent"),
        )
        return Response(self._fresh(case.number), status=status.HTTP_201_CREATED)

    def _fresh(self, number: str) -> dict:
        return dict(self.get_serializer(self.get_queryset().get(number=number)).data)

    @extend_schema(responses=s.CaseEventSerializer(many=True), summary=gettext_lazy("办件环节(留痕)"))
    @action(detail=True, pagination_class=None)
    def events(self, request: Request, number: str) -> Response:
        case = self.get_object()
        events = case.events.select_related("actor").order_by("seq")
        return Response(s.CaseEventSerializer(events, many=True).data)

    @extend_schema(responses=s.NoticeSerializer(many=True), summary=gettext_lazy("办件文书"))
    @action(detail=True, pagination_class=None)
    def notices(self, request: Request, number: str) -> Response:
        case = self.get_object()
        return Response(
            s.NoticeSerializer(
                case.notices.order_by("issued_at", "id"), many=True, context={"request": request}
            ).data
        )

    @extend_schema(request=s.RevealInput, summary=gettext_lazy("查看完整证件号码(留痕)"))
    @action(detail=True, methods=["post"])
    def reveal_id(self, request: Request, number: str) -> Response:
        body = s.RevealInput(data=request.data)
        body.is_valid(raise_exception=True)
        full = actions.reveal_id_number(number, actor=request.user, purpose=body.validated_data["purpose"])
        return Response({"number": number, "id_number": full})


class CaseActionView(APIView):
    """``POST /api/v1/cases/{number}/{action}/``: one action of the case's life; answers the updated case."""

    @extend_schema(
        request=None,
        responses=s.CaseSerializer,
        summary=gettext_lazy("办件操作"),
        description="action: " + ", ".join(ACTIONS),
    )
    def post(self, request: Request, number: str, action_name: str) -> Response:
        if action_name not in ACTIONS:
            raise DomainError(
                "unknown_action", _("未知的操作：%(action)s") % {"action": action_name}, kind="not_found"
            )
        serializer_class, call = ACTIONS[action_name]
        body = serializer_class(data=request.data)
        body.is_valid(raise_exception=True)
        call(number, request.user, dict(body.validated_data))
        case = case_details(request.user).get(number=number)
        return Response(s.CaseSerializer(case).data)


def _scoped_notice(request: Any, pk: int) -> Notice:
    notice = Notice.objects.filter(pk=pk, case__in=visible_cases(request.user)).first()
    if notice is None:
        raise DomainError("notice_not_found", _("找不到该文书"), kind="not_found")
    return notice


class NoticeHtmlView(APIView):
    @extend_schema(responses={(200, "text/html"): str}, summary=gettext_lazy("文书(HTML，可打印)"))
    def get(self, request: Request, pk: int) -> HttpResponse:
        notice = _scoped_notice(request, pk)
        return HttpResponse(notice.html, content_type="text/html; charset=utf-8")


class NoticePdfView(APIView):
    @extend_schema(responses={(200, "application/pdf"): bytes}, summary=gettext_lazy("文书(PDF)"))
    def get(self, request: Request, pk: int) -> HttpResponse:
        notice = _scoped_notice(request, pk)
        response = HttpResponse(notice_pdf(notice), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="notice-{notice.pk}.pdf"'
        return response


class PublicProgressView(APIView):
    """Progress for a citizen without an account: number + query code. A wrong code and an unknown
    number answer alike, and wrong attempts are limited per client."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        parameters=[OpenApiParameter("code", str, required=True)], summary=gettext_lazy("办件进度查询(公众)")
    )
    def get(self, request: Request, number: str) -> Response:
        code = str(request.query_params.get("code", "")).strip()
        case = find_for_citizen(request._request, number, code)
        return Response(public_progress(case))
