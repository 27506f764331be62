"""E-supervision records (电子监察): the yellow and red cards a case, a joint task or a proxy leg earned.

A card is written once, the first time its subject reaches the level (unique per subject, rule and level),
by ``bianmin supervision_sweep`` or when a supervisor decides it; pages derive the same set before the
sweep has run (``selectors.cards``). A supervisor confirms or dismisses it with a reason; confirmed cards
count in the accountability levels (003 曾家镇 责任追究制) and feed the assessment.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bianmin.cases.models import Case, JointTask
from bianmin.orgs.models import Org, Window


class CardLevel(models.TextChoices):
    YELLOW = "yellow", _("黄牌")
    RED = "red", _("红牌")


class CardSubject(models.TextChoices):
    CASE = "case", _("办件")
    TASK = "task", _("联办任务")
    PROXY = "proxy", _("代办时限")


class CardRule(models.TextChoices):
    """The seeds' triggers (RULES.md E-supervision; 003 曾家镇 责任追究范围)."""

    OVERDUE = "overdue", _("超过承诺时限")
    STEP_OVER_LIMIT = "step_over_limit", _("环节超时(办件未超总时限)")
    UNJUSTIFIED_REJECTION = "unjustified_rejection", _("无正当理由不予受理或退回")
    # 乱收费 on a free (proxy) case: a fee the collection window refused (fees.FeeAttempt) is a yellow card
    # for the staff who tried it (supervision.cards._fee_cards).
    FEE_ON_FREE_CASE = "fee_on_free_case", _("代办件违规收费")


class CardStatus(models.TextChoices):
    PENDING = "pending", _("待认定")
    CONFIRMED = "confirmed", _("已确认")
    DISMISSED = "dismissed", _("已撤销")


class CardRecord(models.Model):
    """监察记录 (GB/T 39046: number, rule, warning type, responsible department): one card of one subject."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+", verbose_name=_("办件"))
    task = models.ForeignKey(
        JointTask,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("联办任务"),
    )
    subject = models.CharField(_("对象"), max_length=8, choices=CardSubject.choices)
    # "case", "proxy" or "task:<window code>": with rule and level, what makes a card unique.
    subject_key = models.CharField(max_length=32, editable=False)
    rule = models.CharField(_("监察规则"), max_length=24, choices=CardRule.choices)
    level = models.CharField(_("等级"), max_length=8, choices=CardLevel.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("责任人"),
    )
    window = models.ForeignKey(
        Window, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("窗口")
    )
    due_date = models.DateField(_("到期日"), null=True, blank=True)
    days_overdue = models.PositiveIntegerField(_("超期(工作日)"), default=0)
    reached_on = models.DateField(_("亮牌日期"))
    note = models.TextField(_("说明"), blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("认定"), max_length=10, choices=CardStatus.choices, default=CardStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("认定人"),
    )
    decided_at = models.DateTimeField(_("认定时间"), null=True, blank=True)
    decision_reason = models.TextField(_("认定理由"), blank=True)
    created_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("监察记录")
        verbose_name_plural = _("监察记录")
        ordering = ["-reached_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "subject_key", "rule", "level"], name="one_card_per_subject_rule_level"
            )
        ]
        indexes = [
            models.Index(fields=["org", "status", "reached_on"], name="card_org_status_day"),
            models.Index(fields=["staff", "status", "reached_on"], name="card_staff_status_day"),
        ]
        permissions = [("decide_card", _("认定监察记录"))]

    def __str__(self) -> str:
        return f"{self.case_id} {self.subject_key} {self.rule} {self.level}"


class SweepMark(models.Model):
    """The last day ``supervision_sweep`` wrote a center's cards: cases, tasks and legs finished since
    then are what the pages still derive from the case events."""

    org = models.OneToOneField(Org, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("监察扫描日")
        verbose_name_plural = _("监察扫描日")

    def __str__(self) -> str:
        return f"{self.org_id} {self.day}"
