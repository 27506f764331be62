"""印章管理: the numbered seal registry of a center and every use of a seal.

003 第5篇 (社区便民服务中心建设) 五、印章管理: "群众办事中涉及的各类印章,采取以“印章加编号”的形式,分授到社区各个服务中心,
同时,加强印章管理,建立印章使用审批、登记、备案、管理制度。" Each seal is registered with its number (印章加编号) at the
center that holds it (分授), its custodian and an image of its impression (备案); each use is approved where the kind
requires it (审批) and logged (登记); a refused use is logged too, as an attempt (管理).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bianmin.cases.models import Case
from bianmin.orgs.models import Org, Staff, Window

# 印章加编号: one to four capital letters (the center's short mark, e.g. ZJ for 曾家镇), a hyphen and three digits.
NUMBER_PATTERN = r"^[A-Z]{1,4}-[0-9]{3}$"
NUMBER_RE = re.compile(NUMBER_PATTERN)
MAX_IMPRESSIONS = 200  # impressions of one use: a hundred copies stamped twice is already a large batch


class SealKind(models.TextChoices):
    """印章种类."""

    OFFICIAL = "official", _("公章")
    BUSINESS = "business", _("便民服务专用章")
    ACCEPTANCE = "acceptance", _("受理专用章")
    PERSONAL = "personal", _("个人名章")


# Whether a kind's uses need an approval before they are logged (overridable per seal). The 公章 speaks for the
# center beyond any one matter, and a 个人名章 for a person who is not at the window: both are stamped only with
# an approval (003 第5篇: 印章使用审批). The business and acceptance seals are stamped on every case's routine papers
# at the window — "蓋一次章辦好" (000 篇8, 纏溪鎮) — so each use is logged (登记) but not approved one by one.
APPROVAL_BY_KIND: dict[str, bool] = {
    SealKind.OFFICIAL: True,
    SealKind.BUSINESS: False,
    SealKind.ACCEPTANCE: False,
    SealKind.PERSONAL: True,
}


class SealStatus(models.TextChoices):
    IN_USE = "in_use", _("在用")
    SUSPENDED = "suspended", _("停用")
    DESTROYED = "destroyed", _("已销毁")


# Allowed status changes; destroyed is final (a destroyed seal's number is never given again: it stays registered).
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    SealStatus.IN_USE: frozenset({SealStatus.SUSPENDED, SealStatus.DESTROYED}),
    SealStatus.SUSPENDED: frozenset({SealStatus.IN_USE, SealStatus.DESTROYED}),
    SealStatus.DESTROYED: frozenset(),
}


def _impression_path(instance: Seal, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"seals/{instance.org_id}/{instance.number}.{extension}"


class Seal(models.Model):
    """印章: one seal with its number (印章加编号), held by a center (分授到各个服务中心), kept by a custodian
    (保管人), with the image of its impression on file (印模备案)."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="seals", verbose_name=_("所属中心"))
    number = models.CharField(_("印章编号"), max_length=16, unique=True)
    name = models.CharField(_("印章名称"), max_length=100)
    kind = models.CharField(_("印章种类"), max_length=16, choices=SealKind.choices)
    needs_approval = models.BooleanField(_("用印需审批"))
    window = models.ForeignKey(
        Window, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("使用窗口")
    )
    custodian = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+", verbose_name=_("保管人"))
    status = models.CharField(_("状态"), max_length=16, choices=SealStatus.choices, default=SealStatus.IN_USE)
    status_reason = models.CharField(_("状态说明"), max_length=200, blank=True)
    destroyed_on = models.DateField(_("销毁日期"), null=True, blank=True)
    impression = models.FileField(_("印模图片"), upload_to=_impression_path, blank=True)
    registered_at = models.DateTimeField(_("登记时间"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人")
    )
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("印章")
        verbose_name_plural = _("印章")
        ordering = ["org", "number"]
        indexes = [models.Index(fields=["org", "status"], name="seal_org_status")]
        permissions = [
            ("manage_seal", _("登记、修改、停用和销毁印章")),
            ("use_seal", _("登记用印（本人保管的印章）")),
            ("request_seal_use", _("申请用印")),
            ("approve_seal_use", _("审批用印申请")),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def can_become(self, status: str) -> bool:
        return status in STATUS_TRANSITIONS[self.status]


class EventType(models.TextChoices):
    REGISTERED = "registered", _("登记备案")
    EDITED = "edited", _("修改")
    SUSPENDED = "suspended", _("停用")
    RESUMED = "resumed", _("恢复使用")
    DESTROYED = "destroyed", _("销毁")
    HANDED_OVER = "handed_over", _("交出")
    ACCEPTED = "accepted", _("接收")
    HANDOVER_CANCELLED = "handover_cancelled", _("撤回交接")


class SealEvent(models.Model):
    """印章管理台账: one change of a seal (registered, edited, suspended, destroyed, handed over), written in the
    same transaction as the change; the seal's page shows its history from these rows."""

    seal = models.ForeignKey(Seal, on_delete=models.CASCADE, related_name="events", verbose_name=_("印章"))
    type = models.CharField(_("事项"), max_length=20, choices=EventType.choices)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("经办人")
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("印章台账")
        verbose_name_plural = _("印章台账")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.at:%Y-%m-%d %H:%M}"


class RequestState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")
    USED = "used", _("已用印")


class SealRequest(models.Model):
    """用印申请 (审批): who asks to stamp what (a case or a document), how many impressions, and the approver's
    decision. One approval covers one use: the use logged against it marks it used."""

    seal = models.ForeignKey(Seal, on_delete=models.PROTECT, related_name="requests", verbose_name=_("印章"))
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    requested_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请人")
    )
    requested_at = models.DateTimeField(_("申请时间"))
    purpose = models.CharField(_("用印事由"), max_length=200)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("办件")
    )
    document = models.CharField(_("文件名称"), max_length=200, blank=True)
    impressions = models.PositiveSmallIntegerField(_("用印次数"))
    state = models.CharField(
        _("状态"), max_length=16, choices=RequestState.choices, default=RequestState.PENDING
    )
    decided_by = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("审批人")
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("用印申请")
        verbose_name_plural = _("用印申请")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["org", "state"], name="seal_request_org_state")]

    def __str__(self) -> str:
        return f"{self.seal.number} {self.purpose}"


class SealUse(models.Model):
    """用印登记: one use of a seal — who stamped, when, for which case or document, how many impressions, and
    (for an approved use) who asked and who approved. ``used_on`` is the center's local date, for the month's
    register (用印登记簿)."""

    seal = models.ForeignKey(Seal, on_delete=models.PROTECT, related_name="uses", verbose_name=_("印章"))
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    used_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+", verbose_name=_("用印人"))
    used_at = models.DateTimeField(_("用印时间"))
    used_on = models.DateField(_("用印日期"))
    purpose = models.CharField(_("用印事由"), max_length=200)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("办件")
    )
    document = models.CharField(_("文件名称"), max_length=200, blank=True)
    impressions = models.PositiveSmallIntegerField(_("用印次数"))
    request = models.OneToOneField(
        SealRequest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="use",
        verbose_name=_("用印申请"),
    )
    requested_by = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请人")
    )
    approver = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("审批人")
    )

    class Meta:
        verbose_name = _("用印登记")
        verbose_name_plural = _("用印登记")
        ordering = ["-used_at", "-id"]
        indexes = [
            models.Index(fields=["org", "used_on"], name="seal_use_org_day"),
            models.Index(fields=["seal", "used_on"], name="seal_use_seal_day"),
            models.Index(fields=["case"], name="seal_use_case", condition=Q(case__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.seal.number} {self.used_at:%Y-%m-%d %H:%M}"


class SealAttempt(models.Model):
    """违规用印尝试: a use that was refused — by someone who is not the custodian, without the approval the seal
    needs, on a seal not in use or in hand-over — logged with who, when, which seal and why, even though nothing
    was stamped (管理制度: the refusal itself is on record for the director and the supervisor)."""

    seal = models.ForeignKey(Seal, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("印章"))
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人")
    )
    at = models.DateTimeField(_("时间"))
    code = models.CharField(_("拒绝代码"), max_length=40)
    reason = models.CharField(_("拒绝原因"), max_length=300)
    case_number = models.CharField(_("办件编号"), max_length=50, blank=True)
    document = models.CharField(_("文件名称"), max_length=200, blank=True)
    impressions = models.PositiveSmallIntegerField(_("用印次数"), null=True, blank=True)

    class Meta:
        verbose_name = _("违规用印尝试")
        verbose_name_plural = _("违规用印尝试")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["org", "at"], name="seal_attempt_org_at")]

    def __str__(self) -> str:
        return f"{self.seal.number} {self.code}"


class HandoverState(models.TextChoices):
    PENDING = "pending", _("待接收")
    ACCEPTED = "accepted", _("已接收")
    CANCELLED = "cancelled", _("已撤回")


class SealHandover(models.Model):
    """印章交接: the custodian signs the seal out to a colleague (交出), the colleague signs it in (接收); only
    then is the colleague its custodian. While a hand-over waits, nobody may stamp with the seal: it is between
    two people's hands and neither answers for it alone."""

    seal = models.ForeignKey(Seal, on_delete=models.PROTECT, related_name="handovers", verbose_name=_("印章"))
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    from_staff = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="+", verbose_name=_("交出人")
    )
    to_staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+", verbose_name=_("接收人"))
    state = models.CharField(
        _("状态"), max_length=16, choices=HandoverState.choices, default=HandoverState.PENDING
    )
    handed_at = models.DateTimeField(_("交出时间"))
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("交出签字")
    )
    note = models.CharField(_("交接说明"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("接收或撤回时间"), null=True, blank=True)
    accept_note = models.CharField(_("接收说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("印章交接")
        verbose_name_plural = _("印章交接")
        ordering = ["-handed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seal"], condition=Q(state="pending"), name="seal_one_pending_handover"
            )
        ]

    def __str__(self) -> str:
        return f"{self.seal.number} {self.from_staff.name}→{self.to_staff.name}"
