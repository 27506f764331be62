"""What the API shows of consultations, and the body that logs one. The citizen's name and phone are masked
(lib.identity), as in every list."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bianmin.consultations.models import Answer, Consultation, ConsultationChannel
from bianmin.lib.api import InputSerializer
from bianmin.lib.identity import mask_name, mask_phone
from bianmin.lib.serializers import BuiltFieldsOnce


class ConsultationSerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    """One consultation (咨询登记) as a list row."""

    center: Any = serializers.SlugRelatedField(source="org", slug_field="code", read_only=True)
    window = serializers.CharField(source="window.name", read_only=True, allow_null=True, default=None)
    window_id = serializers.IntegerField(read_only=True, allow_null=True)
    item = serializers.CharField(source="item.code", read_only=True, allow_null=True, default=None)
    item_name = serializers.CharField(
        source="item.current.name", read_only=True, allow_null=True, default=None
    )
    citizen_name = serializers.SerializerMethodField()
    citizen_phone = serializers.SerializerMethodField()
    first_contact = serializers.CharField(source="first_contact.name", read_only=True)
    owner = serializers.CharField(source="owner.name", read_only=True)
    case = serializers.CharField(source="case.number", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "center",
            "asked_at",
            "channel",
            "window",
            "window_id",
            "item",
            "item_name",
            "topic",
            "how",
            "answer",
            "citizen_name",
            "citizen_phone",
            "minutes",
            "first_contact",
            "owner",
            "state",
            "due_date",
            "closed_at",
            "case",
        ]

    @extend_schema_field(serializers.CharField(help_text=_("已遮蔽，可为空")))
    def get_citizen_name(self, c: Consultation) -> str:
        return mask_name(c.citizen_name)

    @extend_schema_field(serializers.CharField(help_text=_("已遮蔽，可为空")))
    def get_citizen_phone(self, c: Consultation) -> str:
        return mask_phone(c.citizen_phone)


class ConsultationLogInput(InputSerializer):
    """咨询登记 in one quick form: the topic, how it was answered and the channel are what it needs."""

    topic = serializers.CharField(max_length=200, help_text="咨询内容")
    how = serializers.ChoiceField(choices=Answer.choices, help_text="答复方式")
    channel = serializers.ChoiceField(
        choices=ConsultationChannel.choices, required=False, default=ConsultationChannel.WINDOW
    )
    item = serializers.CharField(
        max_length=10, required=False, allow_blank=True, default="", help_text="事项基本编码"
    )
    window = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    market_day = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    answer = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    citizen_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    citizen_phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    minutes = serializers.IntegerField(
        min_value=1, max_value=600, required=False, allow_null=True, default=None
    )
    opened_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="表单打开的时间；未填用时则据此计算"
    )
    due_days = serializers.IntegerField(
        min_value=1,
        max_value=30,
        required=False,
        allow_null=True,
        default=None,
        help_text="需要跟进时的期限（工作日）",
    )
