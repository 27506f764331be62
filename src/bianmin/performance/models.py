"""效能评估考核: rule tables (versioned), the score entries they produce, nothing else.

A ``RuleTable`` is one version of a center's table (or the county-wide default when ``org`` is empty), of
points (003 曾家镇 效能评估考核管理办法) or of cash fines (003 太湖乡 第十八–二十一条). A month is scored by the
version in force on its first day, so a director's edit (a new version from a later month) never rescores
a past month. A ``ScoreEntry`` names its rule (of that version) and its source; the unique key (table,
source key, rule) makes the scoring idempotent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bianmin.orgs.models import Org, Window


class TableKind(models.TextChoices):
    POINTS = "points", _("扣加分")
    FINES = "fines", _("罚款")


class Source(models.TextChoices):
    ATTENDANCE = "attendance", _("考勤")
    CASE = "case", _("办件")
    SUPERVISION = "supervision", _("电子监察")
    COMPLAINT = "complaint", _("投诉")
    RATING = "rating", _("评价")
    SUGGESTION = "suggestion", _("建议")
    MANUAL = "manual", _("人工登记")


class Scope(models.TextChoices):
    PERSON = "person", _("个人")
    WINDOW_AND_PERSON = "window_and_person", _("窗口和直接责任人")


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已认定")
    REFUSED = "refused", _("未认定")


class RuleTable(models.Model):
    org = models.ForeignKey(
        Org, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心")
    )
    kind = models.CharField(_("类型"), max_length=8, choices=TableKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    version = models.PositiveIntegerField(_("版本"), default=1)
    valid_from = models.DateField(_("起用月份"))
    # The county default of a kind applies to every center without its own table; a template (the fines)
    # applies only where a center adopted it.
    applies_by_default = models.BooleanField(_("默认适用"), default=True)
    base = models.DecimalField(_("基础分"), max_digits=8, decimal_places=2, default=0)
    source_text = models.CharField(_("依据"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("考核细则")
        verbose_name_plural = _("考核细则")
        ordering = ["kind", "-valid_from", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["org", "kind", "name", "version"], name="ruletable_version"),
        ]
        permissions = [
            ("edit_ruletable", "Edit an assessment table (new version)"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Rule(models.Model):
    table = models.ForeignKey(
        RuleTable, on_delete=models.CASCADE, related_name="rules", verbose_name=_("细则")
    )
    code = models.CharField(_("代码"), max_length=40)
    description = models.CharField(_("内容"), max_length=300)
    article = models.CharField(_("条款"), max_length=40, blank=True)
    amount = models.DecimalField(_("分值/金额"), max_digits=8, decimal_places=2)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices, default=Source.MANUAL)
    scope = models.CharField(_("对象"), max_length=20, choices=Scope.choices, default=Scope.PERSON)
    bars_awards = models.BooleanField(_("取消评奖资格"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("考核条目")
        verbose_name_plural = _("考核条目")
        ordering = ["table", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["table", "code"], name="rule_code_per_table")]

    def __str__(self) -> str:
        return f"{self.code} {self.amount}"


class ScoreEntry(models.Model):
    table = models.ForeignKey(RuleTable, on_delete=models.PROTECT, related_name="+", verbose_name=_("细则"))
    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="entries", verbose_name=_("条目"))
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("工作人员"),
    )
    window = models.ForeignKey(
        Window, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("窗口")
    )
    day = models.DateField(_("日期"))
    month = models.DateField(_("考核月份"))  # first day of the month
    amount = models.DecimalField(_("分值/金额"), max_digits=8, decimal_places=2)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    source_key = models.CharField(_("来源记录"), max_length=80)
    evidence = models.TextField(_("事实依据"), blank=True, max_length=1000)
    status = models.CharField(
        _("状态"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.APPROVED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    created_at = models.DateTimeField(_("登记时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审核人"),
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_note = models.CharField(_("审核意见"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("考核记分")
        verbose_name_plural = _("考核记分")
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["table", "source_key", "rule"], name="score_once_per_source"),
        ]
        indexes = [models.Index(fields=["org", "month", "status"], name="score_org_month")]
        permissions = [
            ("view_all_scores", "See every staff member's score entries"),
            ("record_manual_score", "Record a manual score entry"),
            ("decide_score", "Approve or refuse a manual score entry"),
            ("run_scoring", "Run the monthly scoring"),
        ]

    def __str__(self) -> str:
        return f"{self.source_key} {self.amount}"
