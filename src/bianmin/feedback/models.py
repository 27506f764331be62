"""好差评 (国办发〔2019〕51号): citizens rate each service occasion once (一次一评 at the window, 一事一评
online); a 差评 opens a rectification (整改) that ends with a follow-up call (回访); the hall's evaluator
tablets (评价器, 002 天彭镇) are bound to one window each."""

from __future__ import annotations

import datetime as dt

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
# 满意度: the share of 非常满意, 满意 and 基本满意 among the counted ratings.
SATISFIED_LEVELS = frozenset({Level.VERY_SATISFIED, Level.SATISFIED, Level.BASICALLY_SATISFIED})


class RatingChannel(models.TextChoices):
    PC = "pc", _("PC端")
    MOBILE = "mobile", _("移动端")
    QR = "qr", _("二维码")
    TABLET = "tablet", _("大厅评价器")
    TERMINAL = "terminal", _("自助终端")
    PHONE = "phone", _("电话")
    SMS = "sms", _("短信")


# The channels of a rating given at the window, right after the service (一次一评).
WINDOW_CHANNELS = frozenset({RatingChannel.TABLET, RatingChannel.TERMINAL})


class Occasion(models.TextChoices):
    """What is rated: one service at the window (一次一评), or the whole case online (一事一评)."""

    ACCEPTANCE = "acceptance", _("窗口受理")
    DELIVERY = "delivery", _("窗口取件")
    ONLINE = "online", _("办件整体")


WINDOW_OCCASIONS = frozenset({Occasion.ACCEPTANCE, Occasion.DELIVERY})


class Exclusion(models.TextChoices):
    MALICIOUS = "malicious", _("恶意评价")
    MISTAKEN = "mistaken", _("误评")


class Rating(models.Model):
    """评价: one per case and occasion, with the window and the staff rated, for rectification and scoring.

    A rating a supervisor judged malicious or mistaken is kept with the reason and left out of statistics."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("办件"))
    occasion = models.CharField(
        _("评价对象"), max_length=16, choices=Occasion.choices, default=Occasion.ONLINE
    )
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    window = models.ForeignKey(
        Window, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("窗口")
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("被评价人"),
    )
    level = models.PositiveSmallIntegerField(_("评价等级"), choices=Level.choices)
    comment = models.TextField(_("评价内容"), blank=True, max_length=500)
    channel = models.CharField(_("评价渠道"), max_length=16, choices=RatingChannel.choices)
    created_at = models.DateTimeField(_("评价时间"))
    excluded = models.CharField(_("不计入统计"), max_length=16, choices=Exclusion.choices, blank=True)
    excluded_reason = models.CharField(_("认定理由"), max_length=300, blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("认定人"),
    )
    excluded_at = models.DateTimeField(_("认定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["case", "occasion"], name="one_rating_per_occasion")]
        permissions = [
            ("view_all_ratings", _("查看本中心全部评价")),
            ("exclude_rating", _("认定恶意评价或误评")),
            ("request_rating", _("在窗口请群众评价")),
            ("manage_evaluator", _("管理评价器")),
        ]
        indexes = [
            models.Index(fields=["org", "level"], name="rating_org_level"),
            models.Index(fields=["org", "created_at"], name="rating_org_created"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_occasion_display()} {self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return self.level in BAD_LEVELS


class Evaluator(models.Model):
    """评价器: a hall tablet bound to one window (002 天彭镇: 每个服务窗口安装了电子评价器).

    The director issues a one-time pairing link; opening it on the tablet stores a device secret in a cookie
    and spends the link. Only digests are stored; revoking the device ends it at once."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+", verbose_name=_("中心"))
    window = models.ForeignKey(Window, on_delete=models.CASCADE, related_name="+", verbose_name=_("窗口"))
    name = models.CharField(_("设备名称"), max_length=60, blank=True)
    pairing_digest = models.CharField(max_length=64, blank=True, db_index=True)
    pairing_expires_at = models.DateTimeField(_("配对链接有效期至"), null=True, blank=True)
    device_digest = models.CharField(max_length=64, blank=True, db_index=True)
    paired_at = models.DateTimeField(_("配对时间"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("最近在线"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人")
    )
    created_at = models.DateTimeField(_("登记时间"))
    revoked_at = models.DateTimeField(_("停用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评价器")
        verbose_name_plural = _("评价器")
        ordering = ["window__number", "pk"]

    def __str__(self) -> str:
        return self.name or str(self.window)


class RatingRequest(models.Model):
    """请评价: the clerk at a window asks the window's evaluator to show one case's rating buttons."""

    window = models.ForeignKey(Window, on_delete=models.CASCADE, related_name="+", verbose_name=_("窗口"))
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("办件"))
    occasion = models.CharField(_("评价对象"), max_length=16, choices=Occasion.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("窗口工作人员")
    )
    created_at = models.DateTimeField(_("发起时间"))
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    rating = models.OneToOneField(
        Rating,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="request",
        verbose_name=_("评价"),
    )

    class Meta:
        verbose_name = _("评价请求")
        verbose_name_plural = _("评价请求")
        indexes = [models.Index(fields=["window", "closed_at", "created_at"], name="rating_request_open")]

    def __str__(self) -> str:
        return f"{self.window_id} {self.case_id} {self.occasion}"


class RectificationState(models.TextChoices):
    OPEN = "open", _("整改中")
    RECTIFIED = "rectified", _("已整改待核实")
    CLOSED = "closed", _("已核实办结")


class Rectification(models.Model):
    """整改: every 差评 is verified, rectified and the citizen called back (国办发〔2019〕51号); 002 天彭镇's
    督查组 issues a numbered 整改通知书 with a time limit (限期整改)."""

    rating = models.OneToOneField(
        Rating, on_delete=models.PROTECT, related_name="rectification", verbose_name=_("评价")
    )
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    number = models.CharField(_("整改通知书编号"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("整改责任人"),
    )
    opened_at = models.DateTimeField(_("下发时间"))
    deadline = models.DateField(_("整改期限"))
    state = models.CharField(
        _("整改状态"), max_length=16, choices=RectificationState.choices, default=RectificationState.OPEN
    )
    measures = models.TextField(_("整改措施"), blank=True, max_length=2000)
    rectified_at = models.DateTimeField(_("整改完成时间"), null=True, blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("整改填报人"),
    )
    closed_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("核实人"),
    )
    close_note = models.CharField(_("核实意见"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("整改")
        verbose_name_plural = _("整改")
        ordering = ["-opened_at"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "seq"], name="rectification_seq")]
        permissions = [
            ("assign_rectification", _("指派整改责任人")),
            ("handle_rectification", _("办理整改和回访")),
            ("verify_rectification", _("核实整改")),
        ]

    def __str__(self) -> str:
        return self.number

    def is_overdue(self, today: dt.date) -> bool:
        """Overdue is derived from the date: still open after its deadline."""
        return self.state == RectificationState.OPEN and today > self.deadline


class FollowUpCall(models.Model):
    """回访: the call back to the citizen after a 差评, with what they said and whether they are satisfied."""

    rectification = models.ForeignKey(
        Rectification, on_delete=models.CASCADE, related_name="calls", verbose_name=_("整改")
    )
    called_on = models.DateField(_("回访日期"))
    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("回访人")
    )
    response = models.TextField(_("群众意见"), max_length=1000)
    satisfied = models.BooleanField(_("群众满意"))
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("回访")
        verbose_name_plural = _("回访")
        ordering = ["called_on", "pk"]

    def __str__(self) -> str:
        return f"{self.rectification_id} {self.called_on}"
