"""Response shapes of the working-day API, declared so the OpenAPI schema documents them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class AddWorkdaysSerializer(serializers.Serializer):
    start = serializers.DateField(help_text=_("起算日（不计入）"))
    days = serializers.IntegerField(help_text=_("工作日数"))
    due = serializers.DateField(help_text=_("到期日：起算日之后第 N 个工作日"))
    provisional = serializers.BooleanField(help_text=_("涉及尚未公布放假安排的年份，结果为预估"))
    region = serializers.CharField(allow_null=True, help_text=_("行政区划代码；null 表示全国"))


class WorkdaysBetweenSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    workdays = serializers.IntegerField(
        help_text=_("start 之后至 end（含）的工作日数；end 早于 start 时为负")
    )
    provisional = serializers.BooleanField()


class IsWorkdaySerializer(serializers.Serializer):
    date = serializers.DateField()
    workday = serializers.BooleanField()
    provisional = serializers.BooleanField()
