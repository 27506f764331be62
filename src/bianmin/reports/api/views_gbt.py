"""``GET /api/v1/reports/gbt39046/?org=&period=``: a period's cases as GB/T 39046-2020 data items
(``reports.gbt39046``), a page at a time, for the staff who see the statistics of that org."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from bianmin.cases.models import Case
from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.periods import parse_period
from bianmin.lib.schema import api_errors
from bianmin.reports import gbt39046
from bianmin.reports.dashboard import DASHBOARD_PERMISSION
from bianmin.reports.selectors import statistics_org

ORG = OpenApiParameter(
    "org", OpenApiTypes.STR, description=gettext_lazy("中心或代办点的行政区划代码，默认为本人所在中心")
)
PERIOD = OpenApiParameter(
    "period",
    OpenApiTypes.STR,
    required=True,
    pattern=r"^[1-9][0-9]{3}(-(0[1-9]|1[0-2])|-Q[1-4])?$",
    description="YYYY-MM, YYYY-Qn or YYYY",
)


class CanExport(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm(DASHBOARD_PERMISSION))


class GbtStepSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    code = serializers.CharField(help_text=gettext_lazy("环节代码（CaseEvent.type）"))
    name = serializers.CharField(help_text=gettext_lazy("环节名称"))
    action = serializers.CharField(help_text=gettext_lazy("办理动作：通过、退回、其他"))
    handler = serializers.CharField(help_text=gettext_lazy("办理人"))
    opinion = serializers.CharField(help_text=gettext_lazy("办理意见"))
    start_time = serializers.CharField(help_text="YYYYMMDDThhmmss")
    end_time = serializers.CharField(help_text="YYYYMMDDThhmmss")
    status = serializers.CharField(help_text=gettext_lazy("步骤状态：1 待办，2 已办"))


class GbtProcedureSerializer(serializers.Serializer):
    type = serializers.CharField(help_text=gettext_lazy("特别程序类型：1 延长审批，2 其他"))
    name = serializers.CharField()
    start_time = serializers.CharField(help_text="YYYYMMDDThhmmss")
    reason = serializers.CharField()
    end_time = serializers.CharField(help_text=gettext_lazy("YYYYMMDDThhmmss；未结束时为空"))
    result = serializers.CharField()


class GbtCompletionSerializer(serializers.Serializer):
    time = serializers.CharField(help_text="YYYYMMDDThhmmss")
    result = serializers.CharField()
    result_label = serializers.CharField()
    certificate_name = serializers.CharField()
    certificate_number = serializers.CharField()
    validity = serializers.CharField()
    mailed = serializers.CharField(help_text=gettext_lazy("是否邮寄：1 是，0 否"))
    fee = serializers.CharField(help_text=gettext_lazy("收费金额（元）"))


class GbtRecordSerializer(serializers.Serializer):
    case_number = serializers.CharField(help_text=gettext_lazy("办件编号"))
    case_type = serializers.CharField(help_text=gettext_lazy("办件类型：1 即办件，2 承诺件，9 其他"))
    item_code = serializers.CharField()
    item_implementation_code = serializers.CharField()
    item_name = serializers.CharField()
    org_code = serializers.CharField()
    org_name = serializers.CharField()
    apply_time = serializers.CharField(help_text="YYYYMMDDThhmmss")
    accept_time = serializers.CharField(help_text="YYYYMMDDThhmmss")
    promised_days = serializers.IntegerField()
    due_date = serializers.CharField(help_text="YYYYMMDD")
    state = serializers.CharField()
    steps = GbtStepSerializer(many=True)
    special_procedures = GbtProcedureSerializer(many=True)
    completion = GbtCompletionSerializer(allow_null=True)


class GbtExportView(KnownQueryParameters, GenericAPIView):
    """The period's cases registered at the org (a county: every center below it) with their steps,
    special procedures and completion, ``YYYYMMDDThhmmss`` local times; no personal data."""

    permission_classes = [permissions.IsAuthenticated, CanExport]
    queryset = Case.objects.none()  # the schema's model; ``get`` reads ``gbt39046.period_cases``
    serializer_class = GbtRecordSerializer
    query_parameters = [ORG, PERIOD]

    @extend_schema(
        operation_id="reports_gbt39046_list",
        parameters=[ORG, PERIOD],
        responses={200: GbtRecordSerializer(many=True), **api_errors(403, 404)},
        summary=gettext_lazy("GB/T 39046 办件数据导出"),
    )
    def get(self, request: Request) -> Response:
        period = parse_period(request.query_params.get("period", ""))
        org = statistics_org(request.user, request.query_params.get("org"))
        cases = self.paginate_queryset(gbt39046.with_ledger(gbt39046.period_cases(org, period)))
        assert cases is not None
        return self.get_paginated_response(gbt39046.records_of(cases))
