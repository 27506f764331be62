"""The public disclosure's answer: one quarter of one center, its figures and one page of its rows."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class DisclosureRowSerializer(serializers.Serializer):
    number = serializers.CharField(help_text=_("受理编号"))
    item = serializers.CharField(help_text=_("事项名称"))
    result = serializers.CharField(
        help_text=_("办理结果：granted 准予、granted_with_conditions 附条件准予、denied 不予批准")
    )
    result_label = serializers.CharField()
    concluded_on = serializers.DateField(help_text=_("办结日期"))
    applicant = serializers.CharField(help_text=_("申请人（已隐去部分字）"))


class DisclosureFiguresSerializer(serializers.Serializer):
    received = serializers.IntegerField(help_text=_("收件数"))
    concluded = serializers.IntegerField(help_text=_("办结件数"))
    on_time = serializers.IntegerField(help_text=_("按时办结件数"))
    on_time_rate = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, help_text=_("按时办结率(%)，无办结件时为 null")
    )
    ratings = serializers.IntegerField(help_text=_("计入统计的评价次数"))
    satisfied = serializers.IntegerField(help_text=_("非常满意、满意、基本满意的次数"))
    satisfaction_rate = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, help_text=_("满意率(%)，无评价时为 null")
    )


class DisclosureQuarterSerializer(serializers.Serializer):
    quarter = serializers.CharField()
    published_at = serializers.DateTimeField()


class DisclosureSerializer(serializers.Serializer):
    org = serializers.CharField(help_text=_("中心的行政区划代码"))
    org_name = serializers.CharField()
    quarter = serializers.CharField(help_text=_("季度 YYYY-Qn"))
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    source = serializers.ChoiceField(  # type: ignore[assignment]  # a field named like Field.source
        choices=[("snapshot", _("已存档")), ("live", _("实时统计"))],
        help_text=_("snapshot：季度结束后存档的公告；live：按办件记录实时统计"),
    )
    as_of = serializers.DateField(allow_null=True, help_text=_("本季度未结束时：数据截至日期"))
    published_at = serializers.DateTimeField(allow_null=True, help_text=_("存档公开时间"))
    figures = DisclosureFiguresSerializer()
    archive = DisclosureQuarterSerializer(many=True, help_text=_("已存档的往期公告"))
    count = serializers.IntegerField(help_text=_("本季度办结件数（全部页）"))
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = DisclosureRowSerializer(many=True)
