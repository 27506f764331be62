"""What the API shows of bookings and free slots, and the bodies it reads. The person's phone and ID number
are always masked (lib.identity); the citizen's own answers mask the name too."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bianmin.appointments.models import Appointment, AppointmentState, BookingChannel
from bianmin.lib.api import InputSerializer
from bianmin.lib.identity import mask_id, mask_name, mask_phone


class SlotWindowSerializer(serializers.Serializer):
    code = serializers.CharField()
    number = serializers.IntegerField()
    name = serializers.CharField()
    remaining = serializers.IntegerField(help_text=_("该窗口剩余名额"))


class SlotSerializer(serializers.Serializer):
    start = serializers.TimeField(format="%H:%M")
    end = serializers.TimeField(format="%H:%M")
    remaining = serializers.IntegerField(help_text=_("各窗口剩余名额合计；已过、停约时为 0"))
    closed = serializers.BooleanField(help_text=_("已停止预约"))
    windows = serializers.SerializerMethodField()

    @extend_schema_field(SlotWindowSerializer(many=True))
    def get_windows(self, slot: Any) -> list[dict[str, Any]]:
        return [
            {"code": w.code, "number": w.number, "name": w.name, "remaining": 0 if slot.past else left}
            for w, left in slot.windows
        ]


class SlotDaySerializer(serializers.Serializer):
    center = serializers.CharField()
    item = serializers.CharField()
    date = serializers.DateField()
    bookable = serializers.BooleanField(help_text=_("该日可预约（工作日且在可预约日期内）"))
    slots = SlotSerializer(many=True)


class AppointmentSerializer(serializers.ModelSerializer):
    """A booking as the center's staff see it: name in full (they call the person), phone and ID masked;
    ``state`` as the pages show it (a booking past its slot without an arrival is a no-show)."""

    center = serializers.CharField(source="org.code", read_only=True)
    window = serializers.CharField(source="window.code", read_only=True)
    window_number = serializers.IntegerField(source="window.number", read_only=True)
    item = serializers.CharField(source="item.code", read_only=True, help_text=_("事项编码"))
    start = serializers.TimeField(format="%H:%M", read_only=True)
    end = serializers.TimeField(format="%H:%M", read_only=True)
    phone = serializers.SerializerMethodField()
    id_number = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()

    class Meta:
        model = Appointment
        fields = [
            "code",
            "center",
            "window",
            "window_number",
            "item",
            "item_name",
            "date",
            "start",
            "end",
            "name",
            "phone",
            "id_number",
            "channel",
            "state",
            "booked_at",
            "arrived_at",
            "cancelled_at",
            "moves",
        ]

    @extend_schema_field(serializers.CharField(help_text=_("脱敏号码")))
    def get_phone(self, appointment: Appointment) -> str:
        return mask_phone(appointment.phone)

    @extend_schema_field(serializers.CharField(help_text=_("脱敏证件号码")))
    def get_id_number(self, appointment: Appointment) -> str:
        return mask_id(appointment.id_number)

    @extend_schema_field(serializers.ChoiceField(choices=AppointmentState.choices))
    def get_state(self, appointment: Appointment) -> str:
        return appointment.state_at(self.context["now"])


class PublicAppointmentSerializer(AppointmentSerializer):
    """The citizen's own booking: everything about the person masked."""

    name = serializers.SerializerMethodField()

    class Meta(AppointmentSerializer.Meta):
        fields = [f for f in AppointmentSerializer.Meta.fields if f not in {"booked_at", "channel"}]

    @extend_schema_field(serializers.CharField(help_text=_("脱敏姓名")))
    def get_name(self, appointment: Appointment) -> str:
        return mask_name(appointment.name)


class _PersonInput(InputSerializer):
    item = serializers.CharField(max_length=10, help_text=_("事项编码"))
    date = serializers.DateField()
    start = serializers.TimeField(help_text=_("时段开始，HH:MM"))
    name = serializers.CharField(max_length=100)
    phone = serializers.CharField(max_length=40)
    id_number = serializers.CharField(max_length=40, help_text=_("居民身份证号码"))


class PublicBookingInput(_PersonInput):
    center = serializers.CharField(max_length=12, help_text=_("中心的区划代码"))


class StaffBookingInput(_PersonInput):
    center = serializers.CharField(
        max_length=12, required=False, help_text=_("中心的区划代码；省略为本人所在中心")
    )
    window = serializers.CharField(
        max_length=20, required=False, help_text=_("窗口编码；省略时分到名额最多的窗口")
    )
    channel = serializers.ChoiceField(
        choices=[(c, label) for c, label in BookingChannel.choices if c != BookingChannel.ONLINE],
        default=BookingChannel.PHONE,
    )


class CancelInput(InputSerializer):
    phone = serializers.CharField(
        max_length=40, required=False, help_text=_("群众取消时必填：预约时留的手机号")
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class MoveInput(InputSerializer):
    date = serializers.DateField()
    start = serializers.TimeField(help_text=_("新时段开始，HH:MM"))
    window = serializers.CharField(max_length=20, required=False, help_text=_("窗口编码（工作人员可指定）"))
    phone = serializers.CharField(
        max_length=40, required=False, help_text=_("群众改约时必填：预约时留的手机号")
    )
