"""好差评 (国办发〔2019〕51号): citizens rate a concluded case, once per case (一事一评)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bianmin.cases.models import Case
from bianmin.orgs.models import Org, Window


class Level(models.IntegerChoices):
    VERY_SATISFIED = 1, _("非常满意")
    SATISFIED = 2, _("满意")
    BASICALLY_SATISFIED = 3, _("基本满意")
    DISSATISFIED = 4, _("不满意")
    VERY_DISSATISFIED = 5, _("非常不满意")


BAD_LEVELS = frozenset({Level.DISSATISFIED, Level.VERY_DISSATISFIED})  # 4 and 5 are 差评


class RatingChannel(models.TextChoices):
    PC = "pc", _("PC端")
    MOBILE = "mobile", _("移动端")
    QR = "qr", _("二维码")
    TABLET = "tablet", _("大厅评价器")
    TERMINAL = "terminal", _("自助终端")
    PHONE = "phone", _("电话")
    SMS = "sms", _("短信")


class Rating(models.Model):
    """评价: one per case, with the window and the staff who handled it, for rectification and scoring."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="rating", verbose_name=_("办件"))
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    window = models.ForeignKey(
        Window, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("窗口")
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("承办人"),
    )
    level = models.PositiveSmallIntegerField(_("评价等级"), choices=Level.choices)
    comment = models.TextField(_("评价内容"), blank=True, max_length=500)
    channel = models.CharField(_("评价渠道"), max_length=16, choices=RatingChannel.choices)
    created_at = models.DateTimeField(_("评价时间"))

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["org", "level"], name="rating_org_level")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return self.level in BAD_LEVELS
