"""The supervision API's shapes: the board's figures, a card, a decision's body."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bianmin.lib.api import InputSerializer
from bianmin.supervision.models import CardLevel, CardRule, CardStatus, CardSubject


class BoardRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text=_("窗口、工作人员(用户)或中心的编号"))
    label = serializers.CharField()  # type: ignore[assignment]
    warning = serializers.IntegerField(help_text=_("预警"))
    yellow = serializers.IntegerField(help_text=_("黄牌"))
    red = serializers.IntegerField(help_text=_("红牌"))


class BoardSerializer(serializers.Serializer):
    today = serializers.DateField()
    totals = BoardRowSerializer()
    by_window = BoardRowSerializer(many=True)
    by_staff = BoardRowSerializer(many=True)
    by_town = BoardRowSerializer(many=True, help_text=_("县级：各乡镇中心"))
    pending_cards = serializers.IntegerField(help_text=_("待认定的监察记录(已写入)"))
    unreviewed_cases = serializers.IntegerField(allow_null=True, help_text=_("未批示办件"))
    overdue_complaints = serializers.IntegerField(allow_null=True, help_text=_("超期未答复的投诉"))
    complaints_due_soon = serializers.IntegerField(help_text=_("今明两个工作日到期未答复的投诉（预警）"))


class CardSerializer(serializers.Serializer):
    ref = serializers.CharField(help_text=_("记录编号；尚未写入的记录为其自然键"))
    id = serializers.IntegerField(allow_null=True)
    case = serializers.CharField(help_text=_("受理编号"))
    subject = serializers.ChoiceField(choices=CardSubject.choices)
    subject_key = serializers.CharField()
    rule = serializers.ChoiceField(choices=CardRule.choices)
    level = serializers.ChoiceField(choices=CardLevel.choices)
    status = serializers.ChoiceField(choices=CardStatus.choices)
    staff = serializers.IntegerField(allow_null=True, help_text=_("责任人(用户编号)"))
    staff_name = serializers.CharField()
    window = serializers.IntegerField(allow_null=True)
    window_name = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    days_overdue = serializers.IntegerField(help_text=_("超期工作日"))
    reached_on = serializers.DateField()
    note = serializers.CharField()
    decision_reason = serializers.CharField()


class DecisionInput(InputSerializer):
    reason = serializers.CharField(max_length=2000, help_text=_("认定理由(必填)"))
