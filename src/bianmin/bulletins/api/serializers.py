"""Notices (公告) over the API: the public shape (no staff names), the staff shape, and the request bodies."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from bianmin.bulletins.models import BODY_MAX, TITLE_MAX, Bulletin, BulletinKind
from bianmin.lib.api import InputSerializer


def _username(user: Any) -> str | None:
    return user.get_username() if user is not None else None


class PublicBulletinSerializer(serializers.ModelSerializer):
    """A notice as the people read it: who published it (the center), not which staff member."""

    org: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Bulletin
        fields = [
            "id",
            "org",
            "org_name",
            "kind",
            "kind_label",
            "title",
            "body",
            "valid_from",
            "valid_until",
            "pinned",
            "published_at",
        ]


class BulletinSerializer(PublicBulletinSerializer):
    """A notice as the center's staff see it: its state and who wrote, published and withdrew it."""

    created_by = serializers.SerializerMethodField()
    published_by = serializers.SerializerMethodField()
    withdrawn_by = serializers.SerializerMethodField()

    class Meta(PublicBulletinSerializer.Meta):
        fields = [
            *PublicBulletinSerializer.Meta.fields,
            "state",
            "market_day",
            "created_at",
            "created_by",
            "updated_at",
            "published_by",
            "withdrawn_at",
            "withdrawn_by",
            "withdraw_reason",
        ]

    def get_created_by(self, bulletin: Bulletin) -> str | None:
        return _username(bulletin.created_by)

    def get_published_by(self, bulletin: Bulletin) -> str | None:
        return _username(bulletin.published_by)

    def get_withdrawn_by(self, bulletin: Bulletin) -> str | None:
        return _username(bulletin.withdrawn_by)


class BulletinInput(InputSerializer):
    org = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=BulletinKind.choices)
    title = serializers.CharField(max_length=TITLE_MAX)
    body = serializers.CharField(max_length=BODY_MAX, required=False, allow_blank=True, default="")
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    pinned = serializers.BooleanField(required=False, default=False)
    market_day = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)


class WithdrawInput(InputSerializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
