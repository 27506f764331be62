"""Cases (办件) from registration to archive, their materials, joint tasks, events and notices."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bianmin.cases.mailing import MailDelivery
from bianmin.cases.steps import Step
from bianmin.catalog.models import CaseKind, ServiceItem, ServiceItemVersion
from bianmin.orgs.models import Org, Window


class CaseState(models.TextChoices):
    # 代办件 taken by a village agent: with the station until forwarded, then waiting for the town to sign.
    AT_STATION = "at_station", _("代办点待报送")
    FORWARDED = "forwarded", _("已报送待签收")
    SUBMITTED = "submitted", _("已提交")
    SUPPLEMENTING = "supplementing", _("补正中")
    ACCEPTED = "accepted", _("已受理")
    IN_PROGRESS = "in_progress", _("办理中")
    SUSPENDED = "suspended", pgettext_lazy("case state", "特别程序")
    ESCALATED = "escalated", _("已上报县级")  # 上报件: the county decides; its result concludes this case
    CONCLUDED = "concluded", _("已办结")
    WITH_AGENT = "with_agent", _("结果已交代办员")  # 代办件: the result is back at the station
    DELIVERED = "delivered", _("已送达")
    ARCHIVED = "archived", _("已归档")
    REJECTED = "rejected", pgettext_lazy("case state", "不予受理")
    WITHDRAWN = "withdrawn", _("已撤回")
    RETURNED = "returned", _("已退回乡镇")  # an escalated case the county sent back to the town

    @classmethod
    def open_states(cls) -> frozenset[str]:
        """States from which the applicant may still withdraw."""
        return frozenset(
            {
                cls.AT_STATION,
                cls.FORWARDED,
                cls.SUBMITTED,
                cls.SUPPLEMENTING,
                cls.ACCEPTED,
                cls.IN_PROGRESS,
                cls.SUSPENDED,
                cls.ESCALATED,
            }
        )

    @classmethod
    def running_states(cls) -> frozenset[str]:
        """States in which the promised-time clock runs (限时办结)."""
        return frozenset({cls.ACCEPTED, cls.IN_PROGRESS})


class Channel(models.TextChoices):
    WINDOW = "window", _("窗口")
    ONLINE = "online", _("网上申请")
    AGENT_STATION = "agent_station", _("代办点")
    APPOINTMENT = "appointment", _("预约")
    HOME_VISIT = "home_visit", _("上门服务")
    MARKET_DAY = "market_day", _("赶场日服务")
    ESCALATION = "escalation", _("乡镇上报")


class GreenChannel(models.TextChoices):
    """绿色通道 (000 篇8: 对群众急需办理的服务事项，开辟绿色通道): first in every work list."""

    ELDERLY = "elderly", _("老年人")
    DISABLED = "disabled", _("残疾人")
    URGENT = "urgent", _("急需办理")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANIZATION = "organization", _("法人或其他组织")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO_PERMIT = "hk_macao_permit", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
    OTHER = "other", _("其他证件")


class SuspensionType(models.TextChoices):
    """特别程序 (行政许可法 Art. 45): time not counted toward the limit."""

    HEARING = "hearing", _("听证")
    SITE_SURVEY = "site_survey", _("现场勘查")
    EXPERT_REVIEW = "expert_review", _("专家评审")
    TESTING = "testing", _("检验检测")
    SUPPLEMENT = "supplement", _("受理后补正材料")


class Result(models.TextChoices):
    GRANTED = "granted", _("准予")
    GRANTED_WITH_CONDITIONS = "granted_with_conditions", _("附条件准予")
    DENIED = "denied", _("不予批准")


class StepOutcome(models.TextChoices):
    """A procedure step's outcome (GB/T 39046-2020: 通过/退回/其他)."""

    PASSED = "passed", _("通过")
    RETURNED = "returned", _("退回")
    OTHER = "other", _("其他")


class DeliveryMethod(models.TextChoices):
    WINDOW = "window", _("窗口领取")
    PHONE = "phone", _("电话告知")
    SMS = "sms", _("短信告知")
    VISIT = "visit", _("上门送达")
    MAIL = "mail", _("邮寄")
    AGENT = "agent", _("代办员转交")


class Case(MailDelivery):
    """办件: one application, from registration to archive.

    限时办结制: the due date is counted in working days from the day after acceptance (民法典 Art. 201,
    行政许可法 Art. 82); ``base_days`` + ``extended_days`` + ``suspended_days`` working days after
    ``accepted_on`` make it, so it can be recomputed when next year's calendar is published.
    """

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="cases", verbose_name=_("受理中心"))
    number = models.CharField(_("受理编号"), max_length=50, unique=True)
    query_code = models.CharField(_("查询码"), max_length=6)
    station = models.ForeignKey(
        Org,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="station_cases",
        verbose_name=_("代办点"),
    )
    item = models.ForeignKey(
        ServiceItem, on_delete=models.PROTECT, related_name="cases", verbose_name=_("事项")
    )
    item_version = models.ForeignKey(
        ServiceItemVersion, on_delete=models.PROTECT, related_name="cases", verbose_name=_("事项版本")
    )
    item_snapshot = models.JSONField(_("事项快照"), default=dict)
    kind = models.CharField(_("办件类型"), max_length=16, choices=CaseKind.choices)
    channel = models.CharField(_("申请渠道"), max_length=16, choices=Channel.choices, default=Channel.WINDOW)
    state = models.CharField(_("状态"), max_length=16, choices=CaseState.choices, default=CaseState.SUBMITTED)

    applicant_kind = models.CharField(_("申请人类型"), max_length=16, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("申请人"), max_length=100)
    applicant_id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices, blank=True)
    applicant_id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    applicant_credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    applicant_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    applicant_address = models.CharField(_("地址"), max_length=200, blank=True)
    agent_name = models.CharField(_("代理人"), max_length=100, blank=True)
    agent_id_number = models.CharField(_("代理人证件号码"), max_length=40, blank=True)
    agent_phone = models.CharField(_("代理人电话"), max_length=40, blank=True)
    agent_authorization = models.CharField(_("授权委托"), max_length=200, blank=True)

    first_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("首问责任人"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("受理人"),
    )
    window = models.ForeignKey(
        Window,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("受理窗口"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_cases",
        verbose_name=_("承办人"),
    )

    registered_at = models.DateTimeField(_("登记时间"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    base_days = models.PositiveIntegerField(_("承诺时限(工作日)"), default=0)
    extended_days = models.PositiveIntegerField(_("延期(工作日)"), default=0)
    suspended_days = models.PositiveIntegerField(_("特别程序(工作日)"), default=0)
    due_date = models.DateField(_("承诺办结日"), null=True, blank=True)
    due_provisional = models.BooleanField(_("办结日为暂定"), default=False)
    suspended_on = models.DateField(_("特别程序开始日"), null=True, blank=True)
    suspension_type = models.CharField(
        _("特别程序类型"), max_length=20, choices=SuspensionType.choices, blank=True
    )
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("终止时间"), null=True, blank=True)

    result = models.CharField(_("办理结果"), max_length=30, choices=Result.choices, blank=True)
    result_reason = models.TextField(_("结果说明"), blank=True)
    certificate_name = models.CharField(_("证照名称"), max_length=100, blank=True)
    certificate_number = models.CharField(_("证照编号"), max_length=100, blank=True)
    delivery_method = models.CharField(
        _("送达方式"), max_length=16, choices=DeliveryMethod.choices, blank=True
    )
    collected_by = models.CharField(_("取件人"), max_length=100, blank=True)
    close_reason = models.TextField(_("退回/撤回理由"), blank=True)
    green_channel = models.CharField(
        _("绿色通道"), max_length=16, choices=GreenChannel.choices, blank=True, db_index=True
    )

    # 全程代办: a villager's authorisation lets the station's agent act for them (a proxy case, free of
    # charge); the center's part, from forwarding to the result back with the agent, has its own limit
    # (003 曾家镇 全程代办制度 四: 在中心运转时间一般不得超过7个工作日), the county's time excluded.
    proxy = models.BooleanField(_("代办件"), default=False)
    forwarded_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    returned_to_agent_at = models.DateTimeField(_("交回代办员时间"), null=True, blank=True)
    proxy_days = models.PositiveIntegerField(_("代办时限(工作日)"), default=0)
    proxy_paused_days = models.PositiveIntegerField(_("县级办理(工作日，不计入代办时限)"), default=0)
    proxy_due_date = models.DateField(_("代办办结日"), null=True, blank=True)

    # 上报件: the county center's case that decides this one (its ``escalations`` are the towns' cases).
    upstream_case = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations",
        verbose_name=_("县级办件"),
    )
    escalated_at = models.DateTimeField(_("上报时间"), null=True, blank=True)

    # The leader's day (000 篇2: 批示, 督办) and the extension asked for (行政许可法 Art. 42): what the ledger's
    # events say, kept on the row so guards and lists read it without the events.
    extension_requested_days = models.PositiveSmallIntegerField(_("申请延期(工作日)"), default=0)
    extension_reason = models.TextField(_("申请延期理由"), blank=True)
    urge_reply_by = models.DateField(_("督办回复期限"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("批示时间"), null=True, blank=True)

    event_count = models.PositiveIntegerField(default=0, editable=False)
    last_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-registered_at"]
        indexes = [
            # Covers the per-window board counts (index-only on PostgreSQL).
            models.Index(
                fields=["org", "state", "due_date"], include=["window"], name="case_org_state_due_win"
            ),
            models.Index(fields=["first_contact", "state"], name="case_first_contact_state"),
            models.Index(fields=["state", "due_date"], name="case_state_due"),
            models.Index(fields=["org", "registered_at"], name="case_org_registered"),
            models.Index(fields=["handler", "state"], name="case_handler_state"),
            # A returning applicant is looked up by ID number at the counter (一窗受理: 老办事人免重填).
            models.Index(fields=["applicant_id_number", "registered_at"], name="case_applicant_id"),
            models.Index(fields=["station", "state"], name="case_station_state"),
            # 批示: the center's cases still without the leader's review, by registration time.
            models.Index(
                fields=["org", "registered_at"],
                condition=models.Q(reviewed_at__isnull=True),
                name="case_unreviewed",
            ),
            # 督办: the urgings waiting for a reply, by the handler who owes it.
            models.Index(
                fields=["handler", "urge_reply_by"],
                condition=models.Q(urge_reply_by__isnull=False),
                name="case_urged_handler",
            ),
            # 统计报表: the days not yet rolled up count each date column per center from the ledger.
            *[
                models.Index(
                    fields=["org", f], condition=models.Q(**{f"{f}__isnull": False}), name=f"case_org_{f}"
                )
                for f in ("accepted_on", "concluded_at", "escalated_at", "returned_to_agent_at", "closed_at")
            ],
        ]
        permissions = [
            ("register_case", _("登记办件")),
            ("accept_case", _("受理或退回办件")),
            ("handle_case", _("承办办件")),
            ("deliver_case", _("送达办件结果")),
            ("archive_case", _("归档办件")),
            ("approve_extension", _("批准延期")),
            ("urge_case", _("督办办件")),
            ("review_case", _("批示当日办件")),
            # 带班领导/中心主任: may act on any case of the center in place of its handler or window.
            ("lead_center", _("带班领导职责（可代承办人、联办窗口办理）")),
            ("reveal_id_number", _("查看完整证件号码")),
            ("forward_case", _("报送代办件、向群众转交结果")),
            ("escalate_case", _("上报县级")),
            ("decide_escalation", _("受理或退回乡镇上报件")),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def item_name(self) -> str:
        return str(self.item_snapshot.get("name", ""))

    @property
    def is_open(self) -> bool:
        return self.state in CaseState.open_states()


class ProxyAuthorization(models.Model):
    """授权委托: the villager authorises the station's agent to act for them on one item (000 篇1
    服务原则 2: 由代办员接受当事人的授权委托). Without it the agent only helps (帮办) and the case is the
    villager's own application."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="authorization")
    grantor_name = models.CharField(_("委托人"), max_length=100)
    grantor_id_number = models.CharField(_("委托人证件号码"), max_length=40, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("受托代办员")
    )
    agent_name = models.CharField(_("受托人"), max_length=100)
    station = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("代办点"))
    item_code = models.CharField(_("委托事项编码"), max_length=10)
    item_name = models.CharField(_("委托事项"), max_length=100)
    signed_on = models.DateField(_("委托日期"))
    scan = models.ForeignKey(
        "Attachment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("签字的委托书扫描件"),
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("授权委托")
        verbose_name_plural = _("授权委托")

    def __str__(self) -> str:
        return f"{self.grantor_name} → {self.agent_name} {self.item_name}"


class CaseMaterial(models.Model):
    """材料清单: one required material of a case, received or missing."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    material_id = models.BigIntegerField(_("材料编号"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("材料名称"), max_length=120)
    mandatory = models.BooleanField(_("必需"), default=True)
    originals = models.PositiveSmallIntegerField(_("原件份数"), default=1)
    copies = models.PositiveSmallIntegerField(_("复印件份数"), default=0)
    received = models.BooleanField(_("已收取"), default=False)
    received_original = models.BooleanField(_("收原件"), default=False)
    received_copies = models.PositiveSmallIntegerField(_("收复印件份数"), default=0)
    pages = models.PositiveSmallIntegerField(_("页数"), default=0)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("收取时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("办件材料")
        verbose_name_plural = _("办件材料")
        ordering = ["case_id", "position", "id"]

    def __str__(self) -> str:
        return self.name


class TaskState(models.TextChoices):
    OPEN = "open", _("办理中")
    DONE = "done", _("已完成")


class JointTask(models.Model):
    """并联审批任务: a participating window's part of a joint case, with its own limit and owner."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    window = models.ForeignKey(Window, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks")
    window_code = models.CharField(_("窗口编码"), max_length=20)
    task = models.CharField(_("办理内容"), max_length=100, blank=True)
    days = models.PositiveIntegerField(_("时限(工作日)"))
    due_date = models.DateField(_("到期日"))
    state = models.CharField(_("状态"), max_length=8, choices=TaskState.choices, default=TaskState.OPEN)
    result = models.TextField(_("办理意见"), blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("联办任务")
        verbose_name_plural = _("联办任务")
        ordering = ["case_id", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "window_code"], name="one_task_per_window")]

    def __str__(self) -> str:
        return f"{self.case} {self.window_code}"


class CaseEvent(models.Model):
    """办件环节/留痕: append-only, hash-chained; each row's hash covers the previous one's."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveIntegerField(_("序号"))
    type = models.CharField(_("环节"), max_length=40, choices=Step.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("操作人"),
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=100, blank=True)
    at = models.DateTimeField(_("时间"))
    from_state = models.CharField(_("原状态"), max_length=16, blank=True)
    to_state = models.CharField(_("新状态"), max_length=16, blank=True)
    data = models.JSONField(_("内容"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("办件环节")
        verbose_name_plural = _("办件环节")
        ordering = ["case_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="event_seq_unique_per_case")]
        indexes = [
            models.Index(fields=["org", "at"], name="event_org_at"),
            # 督办 and its replies of a center, newest first, without reading every other event.
            models.Index(
                fields=["org", "at"],
                condition=models.Q(type__in=["urge", "reply_urge"]),
                name="event_urgings",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.type}"


class NoticeType(models.TextChoices):
    ACCEPTANCE = "acceptance", _("受理通知书")
    ONE_TIME = "one_time", _("一次性告知书")
    REJECTION = "rejection", _("不予受理通知书")
    EXTENSION = "extension", _("延期办结通知书")
    SPECIAL_PROCEDURE = "special_procedure", _("特别程序告知书")
    CONCLUSION = "conclusion", _("办结通知书")
    HANDOVER = "handover", _("代办件交接单")
    RETURN_RECEIPT = "return_receipt", _("代办结果回执")
    ESCALATION = "escalation", _("上报件告知书")
    REFERRAL = "referral", _("报送联系单")


class Notice(models.Model):
    """文书: a numbered printed document; its HTML is kept and hashed so a reprint is identical."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notices")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    type = models.CharField(_("文书类型"), max_length=24, choices=NoticeType.choices)
    year = models.PositiveIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("文书编号"), max_length=80)
    issued_at = models.DateTimeField(_("出具时间"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField(_("内容"), default=dict)
    html = models.TextField()
    sha256 = models.CharField(max_length=64)
    # The PDF is rendered once, on first download, and kept: every later copy is byte-identical.
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ["case_id", "issued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "type", "year", "seq"], name="notice_number_unique")
        ]

    def __str__(self) -> str:
        return self.number


class Counter(models.Model):
    """A gap-free sequence (受理编号, 文书编号): bumped in the same transaction as the row that uses it,
    so a rollback gives the number back."""

    key = models.CharField(max_length=100, unique=True)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("编号计数器")
        verbose_name_plural = _("编号计数器")

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class OneTimeNoticeBreach(models.Model):
    """违反一次性告知: a later notice asked for materials the first one did not name."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="breaches")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("首次告知人")
    )
    first_notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="+")
    later_notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="+")
    materials = models.JSONField(_("新增材料"), default=list)
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("违反一次性告知记录")
        verbose_name_plural = _("违反一次性告知记录")

    def __str__(self) -> str:
        return f"{self.case} {self.clerk}"


class AuditSeal(models.Model):
    """日封存: the root hash of one org's events of one day, so a later edit of a sealed day shows."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("日期"))
    event_count = models.PositiveIntegerField(_("环节数"))
    root_hash = models.CharField(max_length=64)
    sealed_at = models.DateTimeField(_("封存时间"))
    # Number → [event count, last hash] at the end of the day of every case of the org with events since
    # the previous seal (all of them for the first), so an event deleted from the end of a chain is caught.
    tails = models.JSONField(_("链尾"), default=dict)
    # Signed with a key kept outside the database, so someone with only database access cannot recompute
    # a seal after editing the day's events.
    signature = models.CharField(max_length=128, blank=True)
    key_id = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = _("日封存")
        verbose_name_plural = _("日封存")
        constraints = [models.UniqueConstraint(fields=["org", "day"], name="one_seal_per_org_day")]

    def __str__(self) -> str:
        return f"{self.org} {self.day}"


def _attachment_path(instance: Attachment, filename: str) -> str:
    # A random name under the center's folder: nothing of the citizen's file name reaches the disk.
    return f"cases/{instance.case.org.code}/{uuid.uuid4().hex}{instance.extension}"


class Attachment(models.Model):
    """上传材料: a file a citizen uploaded with an online application; served only to the center's staff."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    material = models.ForeignKey(
        CaseMaterial, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(max_length=50)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        verbose_name = _("上传材料")
        verbose_name_plural = _("上传材料")
        ordering = ["case_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class IdempotencyKey(models.Model):
    """A registration request's key (``Idempotency-Key`` header, or a form's hidden token): a retried
    request answers the first one's result instead of registering the case twice.

    Written in the same transaction as the case, so a request killed half-way leaves no key behind and its
    retry registers the case once."""

    scope = models.CharField(max_length=64)  # "user:<id>" or "public"
    key = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of the request body
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("幂等键")
        verbose_name_plural = _("幂等键")
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="idempotency_key_unique")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"


def _pending_path(instance: PendingUpload, filename: str) -> str:
    return f"pending/{uuid.uuid4().hex}{instance.extension}"


class PendingUpload(models.Model):
    """暂存的上传材料: a file an online applicant chose in a form that was sent back for another reason.

    Browsers never refill a file input, so the file is kept for the retry under the form's hidden token
    (``lib.forms.resubmit_token_field``), checked like any upload (type by content, size) and stored under a
    random name. Short-lived: it becomes the case's ``Attachment`` when the application is registered, and
    ``bianmin discard_pending_uploads`` removes what was never submitted again. No case, no staff access."""

    token = models.CharField(max_length=64, db_index=True)
    material_id = models.BigIntegerField(_("材料编号"))
    file = models.FileField(upload_to=_pending_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(max_length=50)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), db_index=True)

    class Meta:
        verbose_name = _("暂存的上传材料")
        verbose_name_plural = _("暂存的上传材料")
        ordering = ["token", "material_id", "-id"]

    def __str__(self) -> str:
        return self.original_name
