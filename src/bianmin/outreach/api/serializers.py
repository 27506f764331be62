"""What the API shows of market days and home visits. Phone and ID numbers are masked (lib.identity)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bianmin.lib.identity import mask_id, mask_phone
from bianmin.lib.serializers import BuiltFieldsOnce
from bianmin.orgs.models import Staff
from bianmin.outreach.models import HomeVisit, MarketDay
from bianmin.outreach.selectors import staffing


class StaffView(serializers.ModelSerializer):
    class Meta:
        model = Staff
        fields = ["name", "position"]


class MarketDaySerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    """A market-day event (赶场服务) as a list row: staffing against the center's open windows, the log."""

    center: Any = serializers.SlugRelatedField(source="org", slug_field="code", read_only=True)
    center_name = serializers.CharField(source="org.name", read_only=True)
    leader = serializers.CharField(source="leader.name", read_only=True, allow_null=True, default=None)
    on_post = serializers.SerializerMethodField()
    open_windows = serializers.SerializerMethodField()
    staffing_gap = serializers.SerializerMethodField()
    matters_registered = serializers.IntegerField(read_only=True)

    class Meta:
        model = MarketDay
        fields = [
            "id",
            "center",
            "center_name",
            "date",
            "place",
            "starts_at",
            "ends_at",
            "state",
            "leader",
            "on_post",
            "open_windows",
            "staffing_gap",
            "people_served",
            "consultations",
            "disputes_mediated",
            "follow_up_visits",
            "matters_registered",
            "log_note",
            "notes",
        ]

    @extend_schema_field(serializers.IntegerField(help_text=_("服务队与带队领导人数")))
    def get_on_post(self, event: MarketDay) -> int:
        return staffing(event).on_post

    @extend_schema_field(serializers.IntegerField(help_text=_("中心启用的窗口数")))
    def get_open_windows(self, event: MarketDay) -> int:
        return staffing(event).windows

    @extend_schema_field(serializers.IntegerField(help_text=_("在岗人数比窗口数少几人（0 为不缺）")))
    def get_staffing_gap(self, event: MarketDay) -> int:
        return staffing(event).gap


class MarketDayDetailSerializer(MarketDaySerializer):
    """One event with its team and the numbers of the cases registered on site."""

    team = StaffView(many=True, read_only=True)
    cases = serializers.SerializerMethodField()

    class Meta(MarketDaySerializer.Meta):
        fields = [*MarketDaySerializer.Meta.fields, "team", "cases"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_cases(self, event: MarketDay) -> list[str]:
        return list(self.context.get("cases", []))


class HomeVisitSerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    """A home-visit request (上门服务) as a list row."""

    center: Any = serializers.SlugRelatedField(source="org", slug_field="code", read_only=True)
    requester_phone = serializers.SerializerMethodField()
    requester_id_number = serializers.SerializerMethodField()
    assigned_to = serializers.CharField(
        source="assigned_to.name", read_only=True, allow_null=True, default=None
    )
    matters_registered = serializers.IntegerField(read_only=True)

    class Meta:
        model = HomeVisit
        fields = [
            "id",
            "center",
            "requester_name",
            "requester_phone",
            "requester_id_number",
            "reason",
            "reason_note",
            "matter",
            "address",
            "wished_at",
            "state",
            "assigned_to",
            "assigned_at",
            "visited_at",
            "visit_note",
            "cancel_reason",
            "requested_at",
            "matters_registered",
        ]

    @extend_schema_field(serializers.CharField(help_text=_("已遮蔽")))
    def get_requester_phone(self, visit: HomeVisit) -> str:
        return mask_phone(visit.requester_phone)

    @extend_schema_field(serializers.CharField(help_text=_("已遮蔽，可为空")))
    def get_requester_id_number(self, visit: HomeVisit) -> str:
        return mask_id(visit.requester_id_number)


class HomeVisitDetailSerializer(HomeVisitSerializer):
    cases = serializers.SerializerMethodField()

    class Meta(HomeVisitSerializer.Meta):
        fields = [*HomeVisitSerializer.Meta.fields, "cases"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_cases(self, visit: HomeVisit) -> list[str]:
        return list(self.context.get("cases", []))
