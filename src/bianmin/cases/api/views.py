from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bianmin.cases import actions
from bianmin.cases.api import serializers as s
from bianmin.cases.filters import CaseFilter
from bianmin.cases.lifecycle import TRANSITION
from bianmin.cases.models import Case, Notice
from bianmin.cases.pdf import notice_pdf
from bianmin.cases.public import find_for_citizen, public_progress
from bianmin.cases.selectors import case_details, visible_cases
from bianmin.cases.selectors_supervision import open_urgings
from bianmin.cases.steps import Step
from bianmin.lib.api import KnownQueryParameters, PDFRenderer
from bianmin.lib.errors import DomainError
from bianmin.lib.hashchain import canonical
from bianmin.lib.schema import api_errors

if TYPE_CHECKING:
    from django.contrib.auth.models import User

IDEMPOTENCY_HEADER = "Idempotency-Key"

# ``POST /api/v1/cases/{number}/{step}/``: every step of the lifecycle table the counter offers.
ROUTED_STEPS = {t.step.value: t.step for t in TRANSITION.values() if t.counter}


def actor_of(request: Request) -> User:
    """The signed-in staff user (every case endpoint but the public one requires authentication)."""
    return cast("User", request.user)


def idempotency_of(request: Request, scope: str) -> actions.Idempotency | None:
    """The request's ``Idempotency-Key`` (at most 64 printable characters), bound to who sent what."""
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not key:
        return None
    if len(key) > 64 or not key.isprintable():
        raise DomainError("invalid_idempotency_key", _("Idempotency-Key 应为不超过 64 个可打印字符"))
    fingerprint = hashlib.sha256(canonical(dict(request.data))).hexdigest()
    return actions.Idempotency(scope=scope, key=key, fingerprint=fingerprint)


class CaseViewSet(
    KnownQueryParameters, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Cases of the caller's center (county roles: their county). Out-of-scope cases answer 404."""

    serializer_class = s.CaseSerializer
    lookup_field = "number"
    filterset_class = CaseFilter

    def get_queryset(self) -> QuerySet[Case]:
        return case_details(self.request.user)

    @extend_schema(
        request=s.RegisterInput,
        responses={201: s.CaseSerializer, **api_errors(409)},
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                str,
                OpenApiParameter.HEADER,
                description=gettext_lazy("重试同一登记请求时带上同一个键，只登记一次"),
            )
        ],
        summary=gettext_lazy("登记办件"),
        examples=[
            OpenApiExample(
                "dibao_at_the_window",
                summary=gettext_lazy("窗口登记低保申请"),
                request_only=True,
                value={
                    "item": "MZ001",
                    "channel": "window",
                    "applicant": {
                        "kind": "person",
                        "name": "张三",
                        "id_type": "resident_id",
                        "id_number": "11010519491231002X",
                        "phone": "13800000000",
                    },
                    "received_materials": ["居民身份证", "户口簿"],
                },
            )
        ],
    )
    def create(self, request: Request) -> Response:
        body = s.RegisterInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        outcome = actions.register(
            actor=actor_of(request),
            item_code=data["item"],
            applicant=data["applicant"],
            channel=data["channel"],
            received_materials=data["received_materials"],
            agent=data.get("agent"),
            authorization=data.get("authorization"),
            green_channel=data.get("green_channel", ""),
            mail=data.get("mail"),
            idempotency=idempotency_of(request, f"user:{request.user.pk}"),
        )
        if outcome.replayed:
            case = self.get_queryset().get(pk=outcome.case.pk)
            response = Response(self.get_serializer(case).data, status=status.HTTP_201_CREATED)
            response["Idempotent-Replayed"] = "true"
            return response
        # The registered case is in hand with its checklist: answer from it rather than re-read it.
        return Response(self.get_serializer(outcome.case).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.CaseEventSerializer(many=True), summary=gettext_lazy("办件环节(留痕)"))
    @action(detail=True, pagination_class=None, filter_backends=[])
    def events(self, request: Request, number: str) -> Response:
        case = self.get_object()
        events = case.events.select_related("actor").order_by("seq")
        return Response(s.CaseEventSerializer(events, many=True).data)

    @extend_schema(responses=s.NoticeSerializer(many=True), summary=gettext_lazy("办件文书"))
    @action(detail=True, pagination_class=None, filter_backends=[])
    def notices(self, request: Request, number: str) -> Response:
        case = self.get_object()
        return Response(
            s.NoticeSerializer(
                case.notices.order_by("issued_at", "id").defer("html", "pdf"),
                many=True,
                context={"request": request},
            ).data
        )

    @extend_schema(
        request=s.RevealInput, responses=s.RevealOutput, summary=gettext_lazy("查看完整证件号码(留痕)")
    )
    @action(detail=True, methods=["post"])
    def reveal_id(self, request: Request, number: str) -> Response:
        body = s.RevealInput(data=request.data)
        body.is_valid(raise_exception=True)
        outcome = actions.reveal_id_number(number, actor=actor_of(request), **body.validated_data)
        return Response(s.RevealOutput({"number": number, "id_number": outcome.value}).data)


class CaseActionView(KnownQueryParameters, APIView):
    """One step of the case's life, as the lifecycle table declares it: the body is the step's input, the
    answer the updated case. A case in a state the step does not start from answers 409."""

    step: Step

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return s.STEP_INPUTS[self.step]

    def post(self, request: Request, number: str) -> Response:
        body = self.get_serializer_class()(data=request.data)
        body.is_valid(raise_exception=True)
        actions.ACTIONS[self.step](number, actor=actor_of(request), **body.validated_data)
        case = case_details(request.user).get(number=number)
        return Response(s.CaseSerializer(case).data)


def step_views() -> dict[Step, type[CaseActionView]]:
    """A view per routed step, each documented with its own body (``STEP_INPUTS``) and summary."""
    views = {}
    for name, step in ROUTED_STEPS.items():
        view = type(f"Case{step.name.title().replace('_', '')}View", (CaseActionView,), {"step": step})
        views[step] = extend_schema_view(
            post=extend_schema(
                operation_id=f"cases_{name}",
                summary=step.label,
                request=s.STEP_INPUTS[step],
                responses={200: s.CaseSerializer, **api_errors(404, 409)},
            )
        )(view)
    return views


def _scoped_notice(request: Any, pk: int) -> Notice:
    notice = Notice.objects.filter(pk=pk, case__in=visible_cases(request.user)).first()
    if notice is None:
        raise DomainError("notice_not_found", _("找不到该文书"), kind="not_found")
    return notice


class NoticeHtmlView(KnownQueryParameters, APIView):
    @extend_schema(responses={(200, "text/html"): str}, summary=gettext_lazy("文书(HTML，可打印)"))
    def get(self, request: Request, pk: int) -> HttpResponse:
        notice = _scoped_notice(request, pk)
        return HttpResponse(notice.html, content_type="text/html; charset=utf-8")


class NoticePdfView(KnownQueryParameters, APIView):
    """The notice as PDF: rendered on the first download and stored, so every copy is byte-identical."""

    renderer_classes = [PDFRenderer]

    @extend_schema(responses={(200, "application/pdf"): bytes}, summary=gettext_lazy("文书(PDF)"))
    def get(self, request: Request, pk: int) -> Response:
        notice = _scoped_notice(request, pk)
        disposition = f'inline; filename="notice-{notice.pk}.pdf"'
        return Response(notice_pdf(notice), headers={"Content-Disposition": disposition})


class PublicProgressView(KnownQueryParameters, APIView):
    """Progress for a citizen without an account: number + query code. A wrong code and an unknown
    number answer alike, and wrong attempts are limited per client."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    query_parameters = [
        OpenApiParameter(
            "code", str, required=True, pattern=r"^[0-9]{6}$", description=gettext_lazy("回执上的 6 位查询码")
        )
    ]

    @extend_schema(
        parameters=query_parameters,
        responses={200: s.PublicProgressSerializer, **api_errors(404, 429)},
        summary=gettext_lazy("办件进度查询(公众)"),
    )
    def get(self, request: Request, number: str) -> Response:
        code = str(request.query_params.get("code", "")).strip()
        case = find_for_citizen(request._request, number, code)
        return Response(s.PublicProgressSerializer(public_progress(case)).data)


class OpenUrgingsView(KnownQueryParameters, APIView):
    """督办 the signed-in staff member owes a reply to (000 篇2 帶班領導: 督办 until done), soonest deadline
    first; answered with ``POST /api/v1/cases/{number}/reply_urge/``."""

    @extend_schema(
        operation_id="urgings_list",
        responses=s.OpenUrgingSerializer(many=True),
        summary=gettext_lazy("待我回复的督办"),
    )
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        return Response(s.OpenUrgingSerializer(open_urgings(request.user, today), many=True).data)
