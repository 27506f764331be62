"""报送: the reporting calendar's rules and the reports centers send up the line.

The seeds name every report: the town's semi-monthly report to the county on the 15th and at month end and
its quarterly case statistics before the 10th of the quarter's first month (000 篇8 ③), the center's monthly
report by the 5th (003 太湖乡; 001 8), and the village room's monthly 《村(社区)便民服务办理情况统计表》 to the
town (000 篇1). A ``ReportRule`` says, per county, which level owes which report to whom and by which day;
the calendar of reports owed is derived from the rules (``selectors.due_reports``), no job needed.

A ``Submission`` is one report sent: a draft (narrative saved, may be edited) until it is submitted, then
frozen — numbered per center per year, its table stored as it was, hashed into the center's submission chain
(``prev_hash`` → ``hash``, signed with the seal key) and marked on time or late. A correction is a new
submission that ``supersedes`` the old one; nothing submitted is ever edited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bianmin.orgs.models import Org, OrgKind


class ReportKind(models.TextChoices):
    SEMI_MONTHLY = "semi_monthly", _("半月工作报表")
    MONTHLY = "monthly", _("月工作报表")
    QUARTERLY = "quarterly", _("季度办件统计")
    STATION_MONTHLY = "station_monthly", _("村(社区)便民服务办理情况统计表")


class ReportRule(models.Model):
    """报送制度: one report a county's centers (or stations) owe, and by which day.

    ``due_day`` is the day of the month the report is due on: of the month after the period for a monthly
    report (5: 003 太湖乡 每月5日…上报), of the quarter's first month for the quarterly statistics (10: 000 篇8 ③
    每季度首月10日前); the semi-monthly report is due on the 15th and on the month's last day (000 篇8 ③
    每月15号和月底前) and has none. A due date on a day off moves to the next working day (民法典 Art. 203).
    """

    county = models.ForeignKey(
        Org,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrgKind.COUNTY},
        verbose_name=_("县"),
    )
    kind = models.CharField(_("报表"), max_length=20, choices=ReportKind.choices)
    submitter_level = models.CharField(
        _("报送单位"), max_length=16, choices=OrgKind.choices, default=OrgKind.TOWN
    )
    recipient_level = models.CharField(
        _("接收单位"), max_length=16, choices=OrgKind.choices, default=OrgKind.COUNTY
    )
    due_day = models.PositiveSmallIntegerField(
        _("报送日"), null=True, blank=True, help_text=_("下月（季报：季度首月）几日前报送；半月报不填")
    )
    active = models.BooleanField(_("启用"), default=True)
    source_text = models.CharField(_("依据"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("报送制度")
        verbose_name_plural = _("报送制度")
        ordering = ["county", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["county", "kind"], name="submissions_rule_unique_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.get_kind_display()}"

    @property
    def org_id(self) -> int:
        """The org the rule belongs to, for the admin's and the actions' scope rules."""
        return self.county_id


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")


class Submission(models.Model):
    """报送记录: one report of a center (or station) for one period, a draft until it is submitted."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("报送单位"))
    recipient = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("接收单位"))
    kind = models.CharField(_("报表"), max_length=20, choices=ReportKind.choices)
    period_key = models.CharField(_("期间"), max_length=12)
    period_first = models.DateField(_("期间起"))
    period_last = models.DateField(_("期间止"))
    due_date = models.DateField(_("报送期限"))
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    state = models.CharField(_("状态"), max_length=12, choices=SubmissionState.choices, default="draft")
    work = models.TextField(_("工作情况"), blank=True)
    good_practice = models.TextField(_("好的经验和做法"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    by = models.CharField(_("统计口径"), max_length=12, blank=True)
    table = models.JSONField(_("报表数据"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name=_("更正的报送"),
    )
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    seq = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    number = models.CharField(_("报送编号"), max_length=40, blank=True)
    chain_seq = models.PositiveIntegerField(_("链上序号"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("填报人"),
    )
    on_time = models.BooleanField(_("按时报送"), null=True, blank=True)
    prev_hash = models.CharField(_("前序哈希"), max_length=64, blank=True)
    hash = models.CharField(_("哈希"), max_length=64, blank=True)
    key_id = models.CharField(_("签名密钥"), max_length=16, blank=True)
    signature = models.CharField(_("签名"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(_("创建时间"))
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("报送记录")
        verbose_name_plural = _("报送记录")
        ordering = ["-period_first", "org__path", "kind", "-chain_seq"]
        permissions = [
            ("submit_report", "Fill in and submit the center's reports"),
            ("view_all_submissions", "See the reports of every center in scope (overview)"),
        ]
        constraints = [
            # One draft per report at a time; the first submitted report of a period has no predecessor,
            # every later one corrects the one before it (supersedes is one-to-one).
            models.UniqueConstraint(
                fields=["org", "kind", "period_key"],
                condition=Q(state="draft"),
                name="submissions_one_draft",
            ),
            models.UniqueConstraint(
                fields=["org", "kind", "period_key"],
                condition=Q(state="submitted", supersedes__isnull=True),
                name="submissions_one_original",
            ),
            models.UniqueConstraint(fields=["org", "year", "seq"], name="submissions_number_unique"),
            models.UniqueConstraint(fields=["org", "chain_seq"], name="submissions_chain_unique"),
        ]
        indexes = [models.Index(fields=["recipient", "period_first"], name="submissions_recipient")]

    def __str__(self) -> str:
        return self.number or f"{self.org} {self.get_kind_display()} {self.period_key}"

    @property
    def is_draft(self) -> bool:
        return self.state == SubmissionState.DRAFT

    @property
    def is_superseded(self) -> bool:
        """Corrected by a later submitted report (a correction still in draft does not count yet)."""
        later = getattr(self, "superseded_by", None)
        return later is not None and later.state == SubmissionState.SUBMITTED


class ReportReminder(models.Model):
    """催报提醒: one reminder per (center, report due, day), written by ``report_reminders`` for a notifier."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+", verbose_name=_("报送单位"))
    kind = models.CharField(_("报表"), max_length=20, choices=ReportKind.choices)
    period_key = models.CharField(_("期间"), max_length=12)
    due_date = models.DateField(_("报送期限"))
    day = models.DateField(_("提醒日"))
    workdays_left = models.SmallIntegerField(_("剩余工作日"))
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        verbose_name = _("催报提醒")
        verbose_name_plural = _("催报提醒")
        ordering = ["-day", "org__path", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "kind", "period_key", "day"], name="submissions_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.get_kind_display()} {self.period_key} {self.day}"
