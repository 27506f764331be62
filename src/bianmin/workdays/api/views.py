"""Public working-day calculator: anyone may ask when a time limit ends (办理时限查询)."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.workdays import services
from bianmin.workdays.api.serializers import (
    AddWorkdaysSerializer,
    IsWorkdaySerializer,
    WorkdaysBetweenSerializer,
)
from bianmin.workdays.calendar import FIRST_DAY, LAST_DAY, CalendarRangeError

MAX_DAYS = 3650  # ten years: far beyond any statutory limit, and keeps answers inside the calendar range

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DIGITS = re.compile(r"[0-9]{1,9}")

REGION_PARAMETER = OpenApiParameter(
    "region",
    OpenApiTypes.STR,
    pattern=r"^([0-9]{6})?$",
    description=_("县级行政区划代码（6 位数字）；不填按全国日历计算"),
)
# The calendar's years, so the schema says which dates have an answer.
_CALENDAR_DATE = (
    "^(" + "|".join(str(year) for year in range(FIRST_DAY.year, LAST_DAY.year + 1)) + ")-[0-9]{2}-[0-9]{2}$"
)


def _date_parameter(name: str, description: str | Promise) -> OpenApiParameter:
    return OpenApiParameter(
        name, OpenApiTypes.DATE, required=True, pattern=_CALENDAR_DATE, description=description
    )


def _query_date(request: Request, name: str) -> dt.date:
    raw = request.query_params.get(name, "").strip()
    day = None
    if _ISO_DATE.fullmatch(raw):
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            day = None
    if day is None:
        raise DomainError(
            f"invalid_{name}", _("参数 %(name)s 应为 YYYY-MM-DD 格式的日期") % {"name": name}, field=name
        )
    return day


def _query_region(request: Request) -> str | None:
    return services.normalize_region(request.query_params.get("region")) or None


def _out_of_range() -> DomainError:
    return DomainError(
        "date_out_of_range",
        _("日期超出工作日历范围（%(first)s 至 %(last)s）")
        % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
    )


class AddWorkdaysView(KnownQueryParameters, APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    query_parameters = [
        _date_parameter("start", _("起算日，如受理日")),
        OpenApiParameter(
            "days",
            {"type": "integer", "minimum": 0, "maximum": MAX_DAYS},
            required=True,
            description=_("工作日数，0 到 3650"),
        ),
        REGION_PARAMETER,
    ]

    @extend_schema(
        operation_id="workdays_add",
        summary=_("计算到期日：起算日之后第 N 个工作日"),
        description=_("起算日不计入（民法典第二百零一条）；days=0 时返回起算日当天或其后第一个工作日。"),
        parameters=query_parameters,
        responses=AddWorkdaysSerializer,
        tags=["workdays"],
    )
    def get(self, request: Request) -> Response:
        start = _query_date(request, "start")
        raw_days = request.query_params.get("days", "").strip()
        if not _DIGITS.fullmatch(raw_days) or int(raw_days) > MAX_DAYS:
            raise DomainError(
                "invalid_days", _("参数 days 应为 0 到 %(max)d 之间的整数") % {"max": MAX_DAYS}, field="days"
            )
        days = int(raw_days)
        region = _query_region(request)
        try:
            due = services.get_calendar(region).add_workdays(start, days)
        except CalendarRangeError:
            raise _out_of_range() from None
        data = {
            "start": start,
            "days": days,
            "due": due.date,
            "provisional": due.provisional,
            "region": region,
        }
        return Response(AddWorkdaysSerializer(data).data)


class WorkdaysBetweenView(KnownQueryParameters, APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    query_parameters = [
        _date_parameter("start", _("起算日（不计入）")),
        _date_parameter("end", _("截止日（计入）")),
        REGION_PARAMETER,
    ]

    @extend_schema(
        operation_id="workdays_between",
        summary=_("计算两日之间的工作日数"),
        description=_("统计 start 之后至 end（含）的工作日；end 早于 start 时为负数。"),
        parameters=query_parameters,
        responses=WorkdaysBetweenSerializer,
        tags=["workdays"],
    )
    def get(self, request: Request) -> Response:
        start = _query_date(request, "start")
        end = _query_date(request, "end")
        calendar = services.get_calendar(_query_region(request))
        try:
            count = calendar.workdays_between(start, end)
            provisional = calendar.is_provisional_span(start, end)
        except CalendarRangeError:
            raise _out_of_range() from None
        data = {"start": start, "end": end, "workdays": count, "provisional": provisional}
        return Response(WorkdaysBetweenSerializer(data).data)


class IsWorkdayView(KnownQueryParameters, APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    query_parameters = [_date_parameter("date", _("要查询的日期")), REGION_PARAMETER]

    @extend_schema(
        operation_id="workdays_is_workday",
        summary=_("查询某日是否为工作日"),
        parameters=query_parameters,
        responses=IsWorkdaySerializer,
        tags=["workdays"],
    )
    def get(self, request: Request) -> Response:
        day = _query_date(request, "date")
        calendar = services.get_calendar(_query_region(request))
        try:
            data = {
                "date": day,
                "workday": calendar.is_workday(day),
                "provisional": calendar.is_provisional_year(day.year),
            }
        except CalendarRangeError:
            raise _out_of_range() from None
        return Response(IsWorkdaySerializer(data).data)
