"""The archive over the API: boxes and files (read), loans (request, approve or refuse, lend, return) and
disposals (propose, approve or refuse). Scoped like the pages: out of scope is not found. Lists file the
cases archived since the last read first (``actions.file_archived``), so they are right without the command."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from bianmin.archive import actions, selectors
from bianmin.archive.api import serializers as s
from bianmin.archive.filters import BoxFilter, DisposalFilter, LoanFilter, RecordFilter
from bianmin.archive.models import ArchiveRecord, Box, Disposal, Loan
from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.lib.schema import api_errors
from bianmin.lib.text import row_id


def _can(perm: str) -> type[permissions.BasePermission]:
    class CanView(permissions.BasePermission):
        def has_permission(self, request: Request, view: Any) -> bool:
            return bool(request.user and request.user.is_authenticated and request.user.has_perm(perm))

    return CanView


class _Archive(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    not_found: tuple[str, Any] = ("not_found", "")

    def today(self) -> Any:
        return timezone.localdate()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        actions.file_archived()
        return super().list(request, *args, **kwargs)

    def find(self, pk: Any) -> Any:
        number = row_id(pk)
        row = self.get_queryset().filter(pk=number).first() if number is not None else None
        if row is None:
            raise DomainError(self.not_found[0], self.not_found[1], kind="not_found")
        return row

    def retrieve(self, request: Request, pk: str) -> Response:
        actions.file_archived()
        return Response(self.get_serializer(self.find(pk)).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("档案盒列表")),
    retrieve=extend_schema(
        summary=gettext_lazy("档案盒"), responses={200: s.BoxSerializer, **api_errors(404)}
    ),
)
class BoxViewSet(_Archive):
    """Boxes of the caller's center (county roles: the county's), the latest year first."""

    serializer_class = s.BoxSerializer
    filterset_class = BoxFilter
    permission_classes = [_can("archive.view_box")]
    not_found = ("box_not_found", gettext_lazy("找不到该档案盒"))

    def get_queryset(self) -> QuerySet[Box]:
        return selectors.boxes(self.request.user, self.today())


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("归档文件列表")),
    retrieve=extend_schema(
        summary=gettext_lazy("归档文件"), responses={200: s.RecordSerializer, **api_errors(404)}
    ),
)
class RecordViewSet(_Archive):
    """Archived files (one per case) of the caller's scope, by box."""

    serializer_class = s.RecordSerializer
    filterset_class = RecordFilter
    permission_classes = [_can("archive.view_archiverecord")]
    not_found = ("record_not_found", gettext_lazy("找不到该归档文件"))

    def get_queryset(self) -> QuerySet[ArchiveRecord]:
        return selectors.records(self.request.user, self.today())


def _decision(summary: Any) -> Any:
    return extend_schema(
        request=s.ArchiveDecisionInput,
        responses={200: s.LoanSerializer, **api_errors(400, 403, 404, 409)},
        summary=summary,
    )


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("档案借阅列表")),
    retrieve=extend_schema(
        summary=gettext_lazy("档案借阅"), responses={200: s.LoanSerializer, **api_errors(404)}
    ),
    create=extend_schema(
        summary=gettext_lazy("申请借阅档案"),
        request=s.ArchiveLoanInput,
        responses={201: s.LoanSerializer, **api_errors(400, 403, 404, 409)},
        description=gettext_lazy(
            "一件档案同时只能有一笔在办借阅(code 为 already_on_loan)；应还日期不能早于今天。"
        ),
    ),
)
class LoanViewSet(mixins.CreateModelMixin, _Archive):
    """Loans of the caller's center, newest first; ``overdue`` marks a file lent past its return date."""

    serializer_class = s.LoanSerializer
    filterset_class = LoanFilter
    permission_classes = [_can("archive.view_loan")]
    not_found = ("loan_not_found", gettext_lazy("找不到该借阅登记"))

    def get_queryset(self) -> QuerySet[Loan]:
        return selectors.loans(self.request.user, self.today())

    def _answer(self, loan: Loan, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=loan.pk)).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = s.ArchiveLoanInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        actions.file_archived()
        loan = actions.request_loan(
            data["record"],
            actor=request.user,
            purpose=data["purpose"],
            expected_return=data["expected_return"],
        )
        return self._answer(loan, status.HTTP_201_CREATED)

    def _decide(self, request: Request, pk: str, approve: bool) -> Response:
        body = s.ArchiveDecisionInput(data=request.data)
        body.is_valid(raise_exception=True)
        loan = actions.decide_loan(
            self.find(pk).pk, actor=request.user, approve=approve, note=body.validated_data["note"]
        )
        return self._answer(loan)

    @_decision(gettext_lazy("批准借阅"))
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        return self._decide(request, pk, True)

    @_decision(gettext_lazy("不批准借阅"))
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: str) -> Response:
        return self._decide(request, pk, False)

    @extend_schema(
        request=None,
        responses={200: s.LoanSerializer, **api_errors(403, 404, 409)},
        summary=gettext_lazy("登记借出"),
    )
    @action(detail=True, methods=["post"])
    def lend(self, request: Request, pk: str) -> Response:
        return self._answer(actions.lend(self.find(pk).pk, actor=request.user))

    @extend_schema(
        request=s.ArchiveReturnInput,
        responses={200: s.LoanSerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("登记归还"),
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str) -> Response:
        body = s.ArchiveReturnInput(data=request.data)
        body.is_valid(raise_exception=True)
        loan = actions.return_loan(
            self.find(pk).pk, actor=request.user, condition=body.validated_data["condition"]
        )
        return self._answer(loan)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("档案销毁列表")),
    retrieve=extend_schema(
        summary=gettext_lazy("档案销毁"), responses={200: s.DisposalSerializer, **api_errors(404)}
    ),
    create=extend_schema(
        summary=gettext_lazy("提出档案销毁"),
        request=s.ArchiveDisposalInput,
        responses={201: s.DisposalSerializer, **api_errors(400, 403, 404, 409)},
        description=gettext_lazy("只能列入保管期满、未借出、未在其他待审批申请中的文件。"),
    ),
)
class DisposalViewSet(mixins.CreateModelMixin, _Archive):
    """Disposal proposals of the caller's center and their decisions, newest first."""

    serializer_class = s.DisposalSerializer
    filterset_class = DisposalFilter
    permission_classes = [_can("archive.view_disposal")]
    not_found = ("disposal_not_found", gettext_lazy("找不到该销毁申请"))

    def get_queryset(self) -> QuerySet[Disposal]:
        return selectors.disposals(self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = s.ArchiveDisposalInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        actions.file_archived()
        disposal = actions.propose_disposal(
            actor=request.user, records=data["records"], reason=data["reason"]
        )
        return Response(self.get_serializer(self.find(disposal.pk)).data, status=status.HTTP_201_CREATED)

    def _decide(self, request: Request, pk: str, approve: bool) -> Response:
        body = s.ArchiveDecisionInput(data=request.data)
        body.is_valid(raise_exception=True)
        disposal = actions.decide_disposal(
            self.find(pk).pk, actor=request.user, approve=approve, note=body.validated_data["note"]
        )
        return Response(self.get_serializer(self.find(disposal.pk)).data)

    @extend_schema(
        request=s.ArchiveDecisionInput,
        responses={200: s.DisposalSerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("批准销毁"),
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        return self._decide(request, pk, True)

    @extend_schema(
        request=s.ArchiveDecisionInput,
        responses={200: s.DisposalSerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("不批准销毁"),
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: str) -> Response:
        return self._decide(request, pk, False)
