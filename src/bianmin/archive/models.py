"""The paper archive (立卷归档, 档案管理): boxes of archived cases, their retention, loans and disposal.

000 篇2/5/6 end every window's workflow with "6、歸檔。窗口同意辦結的事項轉辦結、歸檔,以便查閲", 000 篇8 ③ asks the
center to "做好辦理事項的記錄統計和檔案管理工作" and 003 曾家镇 "各窗口要做好办理事项的记录统计和立卷归档工作"; 003
lists the 档案柜 among a hall's fittings. Following DA/T 22 (归档文件整理规则) a case is one file (件) with a
number (件号) in a box (盒) labelled 年度-窗口-盒号, kept for its retention period (保管期限: 10 years, 30 years or
permanent) and disposed of (销毁) only with approval, leaving a record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bianmin.cases.models import Case
from bianmin.lib.cursors import LedgerCursor
from bianmin.orgs.models import Org, Window

PERMANENT_RANK = 999  # sorts a permanent file after every period in years


class Retention(models.TextChoices):
    """保管期限 (DA/T 22: 永久、定期30年、定期10年)."""

    Y10 = "10y", _("10年")
    Y30 = "30y", _("30年")
    PERMANENT = "permanent", _("永久")


# How many years each period keeps a file (None: for ever), and its rank when a box takes the longest.
RETENTION_YEARS: dict[str, int | None] = {Retention.Y10: 10, Retention.Y30: 30, Retention.PERMANENT: None}
RETENTION_RANK: dict[str, int] = {Retention.Y10: 10, Retention.Y30: 30, Retention.PERMANENT: PERMANENT_RANK}
RANK_RETENTION: dict[int, str] = {rank: period for period, rank in RETENTION_RANK.items()}


class RetentionRule(models.Model):
    """保管期限表: the period a center keeps the files of one item category (事项类别, the case's item snapshot).

    A center's director sets its own rules; a category without one takes ``ARCHIVE_RETENTION`` from the
    settings (its ``*`` entry for any category not named there)."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    category = models.CharField(_("事项类别"), max_length=40)
    retention = models.CharField(_("保管期限"), max_length=16, choices=Retention.choices)
    updated_at = models.DateTimeField(_("更新时间"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("设置人")
    )

    class Meta:
        verbose_name = _("保管期限规则")
        verbose_name_plural = _("保管期限规则")
        ordering = ["org", "category"]
        constraints = [models.UniqueConstraint(fields=["org", "category"], name="archive_rule_once")]
        permissions = [("manage_retention", _("设置保管期限"))]

    def __str__(self) -> str:
        return f"{self.category} {self.get_retention_display()}"


class Box(models.Model):
    """档案盒: the files of one window and one year of archiving, labelled 年度-窗口-盒号 (2026-MZ-003).

    A box takes ``capacity`` files (``ARCHIVE_BOX_CAPACITY`` when it was opened); an archivist may close it
    early, and the next file of that window and year opens a new one."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    window = models.ForeignKey(
        Window, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("窗口")
    )
    window_code = models.CharField(_("窗口编码"), max_length=20)
    year = models.PositiveIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("盒号"))
    label = models.CharField(_("盒号标签"), max_length=40)
    capacity = models.PositiveIntegerField(_("容量(件)"))
    opened_at = models.DateTimeField(_("启用时间"))
    closed_at = models.DateTimeField(_("封盒时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("封盒人"),
    )

    class Meta:
        verbose_name = _("档案盒")
        verbose_name_plural = _("档案盒")
        ordering = ["-year", "window_code", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "window_code", "seq"], name="archive_box_once"),
            models.UniqueConstraint(
                fields=["org", "year", "window_code"],
                condition=Q(closed_at__isnull=True),
                name="archive_one_open_box",
            ),
        ]
        permissions = [("file_records", _("整理档案：封盒、调整档案所在的盒"))]

    def __str__(self) -> str:
        return self.label


class ArchiveRecord(models.Model):
    """归档文件 (件): one archived case in its box, with its file number (档号 = 盒号标签-件号), its retention
    and the date it may be disposed of (``expires_on``: the end of the archiving year plus the period, none
    when permanent). Disposal marks a record, never deletes it."""

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="archive_record", verbose_name=_("办件")
    )
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    box = models.ForeignKey(Box, on_delete=models.PROTECT, related_name="records", verbose_name=_("档案盒"))
    seq = models.PositiveIntegerField(_("件号"))
    number = models.CharField(_("档号"), max_length=60)
    category = models.CharField(_("事项类别"), max_length=40, blank=True)
    retention = models.CharField(_("保管期限"), max_length=16, choices=Retention.choices)
    rank = models.PositiveSmallIntegerField(editable=False)
    expires_on = models.DateField(_("保管期满日"), null=True, blank=True)
    archived_at = models.DateTimeField(_("归档时间"))
    filed_at = models.DateTimeField(_("入盒时间"))
    remarks = models.CharField(_("备注"), max_length=200, blank=True)
    disposal = models.ForeignKey(
        "Disposal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
        verbose_name=_("销毁申请"),
    )
    disposed_at = models.DateTimeField(_("销毁时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("归档文件")
        verbose_name_plural = _("归档文件")
        ordering = ["box", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["box", "seq"], name="archive_record_seq_once"),
            models.UniqueConstraint(fields=["org", "number"], name="archive_record_number_once"),
        ]
        indexes = [models.Index(fields=["org", "expires_on"], name="archive_record_expiry")]

    def __str__(self) -> str:
        return self.number


class Cursor(LedgerCursor):
    """The filing's stored cursor over the case ledger: every settled 归档 event up to ``position`` is filed."""


class LoanState(models.TextChoices):
    REQUESTED = "requested", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")
    LENT = "lent", _("已借出")
    RETURNED = "returned", _("已归还")


# A file is out (or promised out) while its loan is in one of these: a second loan waits until it is back.
ACTIVE_LOAN_STATES = (LoanState.REQUESTED, LoanState.APPROVED, LoanState.LENT)

TRANSITIONS: dict[str, frozenset[str]] = {
    LoanState.REQUESTED: frozenset({LoanState.APPROVED, LoanState.REFUSED}),
    LoanState.APPROVED: frozenset({LoanState.LENT}),
    LoanState.LENT: frozenset({LoanState.RETURNED}),
    LoanState.REFUSED: frozenset(),
    LoanState.RETURNED: frozenset(),
}


class Loan(models.Model):
    """档案借阅: requested (who, why, until when), approved or refused by the director, lent and returned with
    its dates and the file's condition. Overdue is computed (lent, not back, past ``expected_return``)."""

    record = models.ForeignKey(
        ArchiveRecord, on_delete=models.PROTECT, related_name="loans", verbose_name=_("归档文件")
    )
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    state = models.CharField(_("状态"), max_length=16, choices=LoanState.choices, default=LoanState.REQUESTED)
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("借阅人")
    )
    borrower_name = models.CharField(_("借阅人姓名"), max_length=100)
    purpose = models.CharField(_("借阅目的"), max_length=200)
    expected_return = models.DateField(_("应还日期"))
    requested_at = models.DateTimeField(_("申请时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审批人"),
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)
    lent_at = models.DateTimeField(_("借出时间"), null=True, blank=True)
    lent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("借出经办人"),
    )
    returned_at = models.DateTimeField(_("归还时间"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("接收人"),
    )
    condition = models.CharField(_("归还时状况"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("档案借阅")
        verbose_name_plural = _("档案借阅")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record"],
                condition=Q(state__in=[s.value for s in ACTIVE_LOAN_STATES]),
                name="archive_one_active_loan",
            )
        ]
        indexes = [models.Index(fields=["org", "state", "expected_return"], name="archive_loan_due")]
        permissions = [
            ("request_loan", _("申请借阅档案")),
            ("approve_loan", _("审批档案借阅")),
            ("lend_loan", _("登记档案借出和归还")),
        ]

    def __str__(self) -> str:
        return f"{self.record} {self.borrower_name}"

    def can_become(self, state: str) -> bool:
        return state in TRANSITIONS[self.state]


class DisposalState(models.TextChoices):
    PROPOSED = "proposed", _("待审批")
    APPROVED = "approved", _("已批准销毁")
    REFUSED = "refused", _("未批准")


class Disposal(models.Model):
    """档案销毁: a proposal listing files whose retention has ended, approved by the director (not the
    proposer). The record of it stays: who proposed and approved, when, and the numbers of the files."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    state = models.CharField(
        _("状态"), max_length=16, choices=DisposalState.choices, default=DisposalState.PROPOSED
    )
    reason = models.CharField(_("销毁理由"), max_length=200)
    numbers = models.JSONField(_("档号清单"), default=list)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("提出人")
    )
    proposed_at = models.DateTimeField(_("提出时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审批人"),
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("档案销毁")
        verbose_name_plural = _("档案销毁")
        ordering = ["-proposed_at", "-id"]
        permissions = [
            ("propose_disposal", _("提出档案销毁")),
            ("approve_disposal", _("审批档案销毁")),
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.proposed_at:%Y-%m-%d}"
