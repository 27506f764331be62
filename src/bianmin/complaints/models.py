"""效能投诉 (complaints about the center's staff, windows and cases) and the opinion book (意见簿, 评议卡, 意见箱).

003 曾家镇便民服务中心效能投诉制度:
  二、投诉可采用口头、电话或书面形式 … 涉及重大事项的投诉,应采用书面形式。
  三、… 对投诉人及投诉事项予以保密。            → the complainant is shown to supervisors only
  四、调查核实后 … 作出处理,并将处理意见及时反馈给投诉人。
  六、对一般投诉,要即时处理,现场给予答复;不能现场答复的,要在当日或三天内给予答复。
  七、口头投诉以口头答复为主。书面投诉必须书面答复。重大投诉事项应及时向“中心”领导和上级纪检部门汇报。
000 篇8 (after it, the Ruijin standard): 有意見簿; 003 第二十二条: 设立投诉箱和投诉电话,发放评议卡.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bianmin.cases.models import Case
from bianmin.orgs.models import Org, Staff, Window

# 六: the same day or within three (working) days.
REPLY_WORKDAYS = 3


class Channel(models.TextChoices):
    ONLINE = "online", _("网上投诉")
    PHONE = "phone", _("电话投诉")
    LETTER = "letter", _("书面来信")
    IN_PERSON = "in_person", _("当面口头投诉")
    BOX = "box", _("投诉箱")


# 七 书面投诉必须书面答复: a letter, a slip from the box and the online form are written complaints.
WRITTEN_CHANNELS = frozenset({Channel.LETTER, Channel.BOX, Channel.ONLINE})


class ReplyMode(models.TextChoices):
    IN_PERSON = "in_person", _("当面答复")
    PHONE = "phone", _("电话答复")
    WRITTEN = "written", _("书面答复")


class ComplaintState(models.TextChoices):
    OPEN = "open", _("待答复")
    REFERRED = "referred", _("已移送")
    REPLIED = "replied", _("已答复")
    DECIDED = "decided", _("已办结")


OPEN_STATES = frozenset({ComplaintState.OPEN, ComplaintState.REFERRED})


class Complaint(models.Model):
    """效能投诉: a complaint against a staff member, a window or a case of one center (any of the three,
    or none when the complaint is about the center as a whole).

    The reply is due the same day or within three working days of receipt (六); a written complaint is
    answered in writing with a numbered reply notice (七); a major one is reported to the center's leader
    and the discipline office with a referral record before it is answered (七). A supervisor decides
    whether it is upheld (成立) once the complainant has been answered (四: 处理意见反馈给投诉人)."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("中心"))
    channel = models.CharField(_("投诉方式"), max_length=16, choices=Channel.choices)
    content = models.TextField(_("投诉内容"), max_length=2000)
    complainant_name = models.CharField(_("投诉人"), max_length=100, blank=True)
    complainant_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    against_staff = models.ForeignKey(
        Staff,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("被投诉人"),
    )
    against_window = models.ForeignKey(
        Window,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("被投诉窗口"),
    )
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("办件"),
    )
    major = models.BooleanField(_("重大投诉"), default=False)
    state = models.CharField(
        _("状态"), max_length=16, choices=ComplaintState.choices, default=ComplaintState.OPEN
    )
    received_at = models.DateTimeField(_("受理时间"))
    received_on = models.DateField(_("受理日期"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,  # an online complaint has no clerk behind it
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("受理人"),
    )
    due_date = models.DateField(_("答复期限"))
    # 答复
    reply_text = models.TextField(_("答复内容"), blank=True, max_length=2000)
    reply_mode = models.CharField(_("答复方式"), max_length=16, choices=ReplyMode.choices, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # 处理结论
    findings = models.TextField(_("调查核实情况"), blank=True, max_length=2000)
    upheld = models.BooleanField(_("投诉成立"), null=True, blank=True)
    decision_reason = models.TextField(_("处理意见"), blank=True, max_length=1000)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("效能投诉")
        verbose_name_plural = _("效能投诉")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["org", "state", "due_date"], name="complaint_org_state_due"),
            models.Index(fields=["org", "received_at"], name="complaint_org_received"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(upheld__isnull=True) | Q(decided_at__isnull=False),
                name="complaint_upheld_decided",
            )
        ]
        permissions = [
            ("reply_complaint", _("答复投诉")),
            ("decide_complaint", _("认定投诉")),
            ("refer_complaint", _("移送重大投诉")),
            ("see_complainant", _("查看投诉人身份")),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_channel_display()}"

    @property
    def is_written(self) -> bool:
        return self.channel in WRITTEN_CHANNELS

    @property
    def is_anonymous(self) -> bool:
        return not self.complainant_name and not self.complainant_phone

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class Referral(models.Model):
    """转办/移送: a major complaint reported to the center's leader and the discipline office (七)."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("投诉")
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("移送给"),
    )
    to_body = models.CharField(_("移送单位"), max_length=100, blank=True, help_text=_("如 镇纪委"))
    note = models.TextField(_("移送说明"), max_length=1000)
    referred_at = models.DateTimeField(_("移送时间"))
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("移送人")
    )

    class Meta:
        verbose_name = _("投诉移送记录")
        verbose_name_plural = _("投诉移送记录")
        ordering = ["referred_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} → {self.to_body or self.to_user_id}"


class ReplyNotice(models.Model):
    """投诉答复书: the written reply to a written complaint, numbered per center per year; its HTML is kept
    and hashed so a reprint is identical, the PDF rendered once and kept."""

    complaint = models.OneToOneField(
        Complaint, on_delete=models.PROTECT, related_name="reply_notice", verbose_name=_("投诉")
    )
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("文书编号"), max_length=80)
    issued_at = models.DateTimeField(_("出具时间"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    html = models.TextField()
    sha256 = models.CharField(max_length=64)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("投诉答复书")
        verbose_name_plural = _("投诉答复书")
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "seq"], name="complaint_reply_number_unique")
        ]

    def __str__(self) -> str:
        return self.number


class OpinionSource(models.TextChoices):
    BOOK = "book", _("意见簿")
    CARD = "card", _("评议卡")
    BOX = "box", _("意见箱")
    ONLINE = "online", _("网上留言")


class AuthorKind(models.TextChoices):
    CITIZEN = "citizen", _("群众")
    STAFF = "staff", _("工作人员")
    ANONYMOUS = "anonymous", _("匿名")


class OpinionState(models.TextChoices):
    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")


class OpinionEntry(models.Model):
    """An entry of the opinion book (意见簿), an evaluation card (评议卡) or a slip from the suggestion box
    (意见箱), transcribed by a clerk, or a citizen's message online. Answered by the center; a suggestion the
    center adopts is credited to its author (a staff member or a named citizen) for the assessment; the
    answer is published on the hall's page only if the author agreed to it, with the name masked."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("中心"))
    source = models.CharField(_("来源"), max_length=16, choices=OpinionSource.choices)
    content = models.TextField(_("意见内容"), max_length=2000)
    author_kind = models.CharField(_("提出人类别"), max_length=16, choices=AuthorKind.choices)
    author_name = models.CharField(_("提出人"), max_length=100, blank=True)
    author_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    author_staff = models.ForeignKey(
        Staff,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
        verbose_name=_("提出人(工作人员)"),
    )
    consent_to_publish = models.BooleanField(_("同意公开"), default=False)
    state = models.CharField(
        _("状态"), max_length=16, choices=OpinionState.choices, default=OpinionState.OPEN
    )
    recorded_at = models.DateTimeField(_("登记时间"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    answer = models.TextField(_("答复"), blank=True, max_length=2000)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published = models.BooleanField(_("已公开"), default=False)
    adopted = models.BooleanField(_("已采纳"), default=False)
    adopted_at = models.DateTimeField(_("采纳时间"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    adoption_note = models.CharField(_("采纳说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("意见簿")
        verbose_name_plural = _("意见簿")
        ordering = ["-recorded_at", "-id"]
        indexes = [
            models.Index(fields=["org", "state"], name="opinion_org_state"),
            models.Index(fields=["org", "adopted_at"], name="opinion_org_adopted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(published=True) | Q(consent_to_publish=True), name="opinion_published_consent"
            ),
            models.CheckConstraint(
                condition=~Q(author_kind="staff") | Q(author_staff__isnull=False), name="opinion_staff_author"
            ),
        ]
        permissions = [
            ("answer_opinionentry", _("答复意见")),
            ("adopt_opinionentry", _("采纳建议")),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_source_display()}"
