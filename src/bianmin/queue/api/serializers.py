"""What the API shows of tickets and the hall screen, and the bodies it reads. A ticket carries no personal
data; an appointment's ticket names only its booking code."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bianmin.lib.api import InputSerializer
from bianmin.queue.announce import announcement
from bianmin.queue.models import Priority, Ticket


class TicketSerializer(serializers.ModelSerializer):
    center = serializers.CharField(source="org.code", read_only=True)
    business_type = serializers.CharField(source="business_type.name", read_only=True)
    prefix = serializers.CharField(source="business_type.prefix", read_only=True)
    window = serializers.SerializerMethodField()
    target_window = serializers.SerializerMethodField()
    appointment = serializers.SerializerMethodField()
    ahead = serializers.SerializerMethodField(help_text=_("前面等候人数"))

    class Meta:
        model = Ticket
        fields = [
            "id",
            "number",
            "token",
            "center",
            "business_type",
            "prefix",
            "day",
            "priority",
            "first",
            "state",
            "window",
            "target_window",
            "appointment",
            "issued_at",
            "first_called_at",
            "called_at",
            "finished_at",
            "calls",
            "ahead",
        ]
        read_only_fields = fields

    def get_window(self, ticket: Ticket) -> str | None:
        return ticket.window.code if ticket.window else None

    def get_target_window(self, ticket: Ticket) -> str | None:
        return ticket.target_window.code if ticket.target_window else None

    def get_appointment(self, ticket: Ticket) -> str | None:
        return ticket.appointment.code if ticket.appointment else None

    def get_ahead(self, ticket: Ticket) -> int:
        return self.context.get("ahead", {}).get(ticket.pk, 0)


class TicketInput(InputSerializer):
    center = serializers.CharField(max_length=12, help_text=_("中心的区划代码"))
    business_type = serializers.IntegerField(min_value=1, help_text=_("业务类型编号"))
    priority = serializers.ChoiceField(
        choices=[c for c in Priority.choices if c[0] != Priority.APPOINTMENT],
        required=False,
        default=Priority.NORMAL,
        help_text=_("绿色通道：老年人、残疾人、孕妇"),
    )


class CheckInInput(InputSerializer):
    center = serializers.CharField(max_length=12, help_text=_("中心的区划代码"))
    code = serializers.CharField(max_length=8, help_text=_("预约码"))


class WindowInput(InputSerializer):
    window = serializers.CharField(max_length=20, help_text=_("窗口编码"))


class TransferInput(WindowInput):
    to = serializers.CharField(max_length=20, help_text=_("转入窗口编码"))


class DisplayWindowSerializer(serializers.Serializer):
    code = serializers.CharField()
    number = serializers.IntegerField()
    name = serializers.CharField()
    ticket = serializers.CharField(allow_null=True, help_text=_("正在办理的号码"))


class DisplayCallSerializer(serializers.Serializer):
    number = serializers.CharField()
    window_number = serializers.IntegerField()
    window_name = serializers.CharField()
    at = serializers.DateTimeField()
    recall = serializers.BooleanField()
    announcement = serializers.CharField(help_text=_("语音播报文字"))


class DisplayWaitingSerializer(serializers.Serializer):
    name = serializers.CharField()
    prefix = serializers.CharField()
    waiting = serializers.IntegerField()


class DisplaySerializer(serializers.Serializer):
    center = serializers.CharField()
    name = serializers.CharField()
    version = serializers.IntegerField(help_text=_("版本号：有叫号、取号即增加"))
    changed = serializers.BooleanField(help_text=_("为 false 时其余内容省略，与上次相同"))
    windows = DisplayWindowSerializer(many=True, required=False)
    calls = DisplayCallSerializer(many=True, required=False)
    waiting = DisplayWaitingSerializer(many=True, required=False)
    ticker = serializers.ListField(child=serializers.CharField(), required=False, help_text=_("公告滚动条"))


def display_data(org: Any, board: dict[str, Any]) -> dict[str, Any]:
    return {
        "center": org.code,
        "name": org.name,
        "version": board["version"],
        "changed": True,
        "windows": [
            {
                "code": row["window"].code,
                "number": row["window"].number,
                "name": row["window"].name,
                "ticket": row["ticket"].number if row["ticket"] else None,
            }
            for row in board["windows"]
        ],
        "calls": [
            {
                "number": c.number,
                "window_number": c.window_number,
                "window_name": c.window_name,
                "at": c.at,
                "recall": c.recall,
                "announcement": announcement(c.number, c.window_number),
            }
            for c in board["calls"]
        ],
        "waiting": [{"name": k.name, "prefix": k.prefix, "waiting": k.waiting} for k in board["waiting"]],
        "ticker": board["ticker"],
    }


class WindowDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    window = serializers.CharField(source="window.code", help_text=_("窗口编码"))
    window_name = serializers.CharField(source="window.name")
    tickets = serializers.IntegerField(help_text=_("在本窗口结束的号（办理 + 过号）"))
    served = serializers.IntegerField(help_text=_("办理"))
    skipped = serializers.IntegerField(help_text=_("过号"))
    average_wait_minutes = serializers.FloatField(
        allow_null=True, help_text=_("平均等候（取号到首次叫号，分钟）")
    )
    average_service_minutes = serializers.FloatField(
        allow_null=True, help_text=_("平均办理（叫号到办结，分钟）")
    )
