"""公告 (民生信息): the notices a center publishes to the people who come to its hall.

001: "定期公布…民生信息" — policy changes, agricultural information, the market-day schedule, holiday
arrangements. A county's notice is shown by every town and village station below it; a town's by its
stations. A notice is written as a draft, published, and may be withdrawn; it is shown only while it is
valid (``valid_from`` … ``valid_until``), so an expired notice leaves the hall without anyone acting.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bianmin.orgs.models import Org

TITLE_MAX = 60
BODY_MAX = 4000


class BulletinKind(models.TextChoices):
    POLICY = "policy", _("政策变化")
    AGRICULTURE = "agriculture", _("农业信息")
    MARKET_DAY = "market_day", _("赶场日安排")
    HOLIDAY = "holiday", _("节假日安排")
    OTHER = "other", _("其他")


class BulletinState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


# Allowed transitions; every action checks its own row of this table. A draft is edited freely; a
# published notice is withdrawn (not edited) so what the people read stays on record.
BULLETIN_TRANSITIONS: dict[str, frozenset[str]] = {
    BulletinState.DRAFT: frozenset({BulletinState.PUBLISHED}),
    BulletinState.PUBLISHED: frozenset({BulletinState.WITHDRAWN}),
    BulletinState.WITHDRAWN: frozenset(),
}


class Bulletin(models.Model):
    """公告: one notice of a county or town center, valid for a period, optionally pinned (置顶)."""

    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="bulletins", verbose_name=_("发布单位")
    )
    kind = models.CharField(
        _("类别"), max_length=16, choices=BulletinKind.choices, default=BulletinKind.OTHER
    )
    title = models.CharField(_("标题"), max_length=TITLE_MAX)
    body = models.TextField(_("正文"), max_length=BODY_MAX, blank=True)
    valid_from = models.DateField(_("生效日期"))
    valid_until = models.DateField(_("截止日期"), null=True, blank=True, help_text=_("留空为长期有效"))
    pinned = models.BooleanField(_("置顶"), default=False)
    # The market day a 赶场日安排 announces (optional; the outing itself lives in outreach).
    market_day = models.ForeignKey(
        "outreach.MarketDay",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("赶场活动"),
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=BulletinState.choices, default=BulletinState.DRAFT
    )
    created_at = models.DateTimeField(_("起草时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("起草人")
    )
    updated_at = models.DateTimeField(_("修改时间"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发布人"),
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("撤回人"),
    )
    withdraw_reason = models.CharField(_("撤回原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("公告")
        verbose_name_plural = _("公告")
        ordering = ["-pinned", "-valid_from", "-id"]
        indexes = [models.Index(fields=["org", "state", "valid_from"], name="bulletin_org_state_from")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="bulletin_valid_period",
            )
        ]
        permissions = [
            ("publish_bulletin", _("发布或撤回公告")),
        ]

    def __str__(self) -> str:
        return self.title

    def can_become(self, state: str) -> bool:
        return state in BULLETIN_TRANSITIONS[self.state]

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)
