"""The service catalog (事项目录) with the six disclosures (六公开), versioned.

An item is defined by the county (``owner``) and enabled per center. Its content lives in
``ServiceItemVersion`` rows: publishing a change creates a new version and never edits an old one, so a
case keeps the exact version it was accepted under.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bianmin.orgs.models import Org

# The one category 行政许可法 governs: its notices cite Art. 32/42/45. Other categories (行政给付 such as 低保,
# 行政确认 such as 就业困难人员认定, 公共服务 …) rest on their own laws and the center's service commitment.
LICENCE_CATEGORY = "行政许可"


class CaseKind(models.TextChoices):
    """办件类型 (六件管理 counts returned and supplement cases separately; those are states, not kinds)."""

    INSTANT = "instant", _("即办件")
    PROMISED = "promised", _("承诺件")
    JOINT = "joint", _("联办件")
    PROXY = "proxy", _("上报/代办件")


class FeeDueAt(models.TextChoices):
    """When a fee-bearing item's payable is raised (000 篇8 ⑥ 统一收费)."""

    ACCEPTANCE = "acceptance", _("受理时")
    CONCLUSION = "conclusion", _("办结时")


class DecidingLevel(models.TextChoices):
    """Who decides an item: the town center, or the county (上报件: 大事不出镇 is not always possible)."""

    TOWN = "town", _("乡镇(街道)")
    COUNTY = "county", _("县级")


class ServiceItem(models.Model):
    """事项: the stable identity of a matter; its content is in the current ``ServiceItemVersion``.

    Codes follow GB/T 39046-2020: basic code up to 10 characters, implementation code up to 24.
    """

    code = models.CharField(_("基本编码"), max_length=10, unique=True)
    owner = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="defined_items", verbose_name=_("所属县级中心")
    )
    current = models.OneToOneField(
        "ServiceItemVersion",
        verbose_name=_("当前版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enabled_at = models.ManyToManyField(
        Org, blank=True, related_name="enabled_items", verbose_name=_("启用的中心")
    )
    active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        ordering = ["code"]
        permissions = [
            ("publish_serviceitem", _("可发布事项新版本")),
            ("enable_serviceitem", _("可在本中心启用事项")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.current.name if self.current else ''}".strip()


class ServiceItemVersion(models.Model):
    """事项版本: one published state of an item's six disclosures (六公开). Never edited once published."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("版本号"))
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    change_note = models.CharField(_("变更说明"), max_length=200, blank=True)

    name = models.CharField(_("事项名称"), max_length=100)
    implementation_code = models.CharField(_("实施编码"), max_length=24, blank=True)
    category = models.CharField(_("类别"), max_length=40, blank=True)
    department = models.CharField(_("实施部门"), max_length=60, blank=True)
    kind = models.CharField(_("办件类型"), max_length=16, choices=CaseKind.choices, default=CaseKind.PROMISED)
    window_codes = models.JSONField(_("受理窗口编码"), default=list, blank=True)

    # 六公开
    content = models.TextField(_("办理内容"), blank=True)
    conditions = models.TextField(_("办理条件"), blank=True)
    procedure = models.JSONField(_("办理程序"), default=list, blank=True, help_text=_("步骤列表"))
    mandatory_steps = models.JSONField(
        _("必经环节"),
        default=list,
        blank=True,
        help_text=_("办理程序中办结前必须登记的步骤，如入户调查、公示"),
    )
    legal_basis = models.TextField(_("法律依据"), blank=True)
    notice_basis = models.CharField(
        _("文书引用依据"),
        max_length=300,
        blank=True,
        help_text=_("通知书中“依据……”引用的法规条款；留空则按事项类别引用（行政许可引用行政许可法相应条款）"),
    )
    statutory_days = models.PositiveIntegerField(_("法定时限(工作日)"), default=20)
    promised_days = models.PositiveIntegerField(_("承诺时限(工作日)"), default=0)
    fee = models.DecimalField(_("收费标准(元)"), max_digits=10, decimal_places=2, default=0)
    fee_basis = models.CharField(_("收费依据"), max_length=200, blank=True, default="不收费")
    fee_due_at = models.CharField(
        _("收费环节"),
        max_length=12,
        choices=FeeDueAt.choices,
        default=FeeDueAt.ACCEPTANCE,
        help_text=_("收费事项在受理时还是办结时开具应缴款"),
    )
    fee_waivers = models.CharField(
        _("减免对象"),
        max_length=200,
        blank=True,
        help_text=_("可申请减免的对象，用顿号分隔，如：低保家庭、特困供养人员；减免须经中心主任批准"),
    )
    needs_seal = models.BooleanField(
        _("办结须用印"), default=False, help_text=_("办结前须登记用印（印章管理）")
    )

    decided_by = models.CharField(
        _("审批层级"),
        max_length=8,
        choices=DecidingLevel.choices,
        default=DecidingLevel.TOWN,
        help_text=_("县级审批的事项由乡镇受理后上报县级中心"),
    )
    proxy_allowed = models.BooleanField(_("可代办"), default=True)
    in_person_required = models.BooleanField(_("须本人到场"), default=False)
    online_allowed = models.BooleanField(_("可网上申请"), default=False)
    appointment_allowed = models.BooleanField(_("可预约"), default=True)
    aliases = models.CharField(
        _("简称/俗称"),
        max_length=200,
        blank=True,
        help_text=_("群众常说的叫法，用逗号分隔，如：低保申请,低保"),
    )
    # " zdshbzsq dbsq db": initials of the name and of each alias, each after a space, so a search can
    # match the start of any of them (dbsq finds 最低生活保障申请 through its alias 低保申请).
    pinyin_initials = models.CharField(_("拼音首字母"), max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = _("事项版本")
        verbose_name_plural = _("事项版本")
        ordering = ["item", "-version"]
        constraints = [models.UniqueConstraint(fields=["item", "version"], name="item_version_unique")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def clean(self) -> None:
        if self.promised_days > self.statutory_days:
            raise ValidationError(_("承诺时限不能超过法定时限"))
        if self.kind == CaseKind.INSTANT and self.promised_days:
            raise ValidationError(_("即办件的承诺时限应为 0"))
        if self.in_person_required and self.proxy_allowed:
            raise ValidationError(_("须本人到场的事项不能代办"))
        unknown = [s for s in self.mandatory_steps or [] if s not in (self.procedure or [])]
        if unknown:
            raise ValidationError(
                _("必经环节须是办理程序中的步骤：%(steps)s") % {"steps": "、".join(map(str, unknown))}
            )


class JointParticipant(models.Model):
    """联办窗口: for a joint item (并联审批), a participating window with its own time limit."""

    version = models.ForeignKey(ServiceItemVersion, on_delete=models.CASCADE, related_name="participants")
    window_code = models.CharField(_("窗口编码"), max_length=20)
    task = models.CharField(_("办理内容"), max_length=100, blank=True)
    days = models.PositiveIntegerField(_("时限(工作日)"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("联办窗口")
        verbose_name_plural = _("联办窗口")
        constraints = [
            models.UniqueConstraint(fields=["version", "window_code"], name="joint_window_unique_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.window_code} ({self.days})"


class Material(models.Model):
    """申请材料: a document an item version requires, with original and copy counts."""

    version = models.ForeignKey(ServiceItemVersion, on_delete=models.CASCADE, related_name="materials")
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("材料名称"), max_length=120)
    originals = models.PositiveSmallIntegerField(_("原件份数"), default=1)
    copies = models.PositiveSmallIntegerField(_("复印件份数"), default=0)
    mandatory = models.BooleanField(_("必需"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    sample = models.FileField(_("样表"), upload_to="samples/", blank=True)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["version", "position", "id"]

    def __str__(self) -> str:
        return self.name


class StationDelegation(models.Model):
    """委托村(社区)办理: an item the town lets its village stations accept and conclude themselves (004 第三条
    (二) 接受乡镇委托，代乡镇便民服务中心受理、办理有关服务事项). ``org`` is one station, or a town for
    all of its stations."""

    item = models.ForeignKey(
        ServiceItem, on_delete=models.CASCADE, related_name="delegations", verbose_name=_("事项")
    )
    org = models.ForeignKey(
        Org,
        on_delete=models.CASCADE,
        related_name="delegated_items",
        verbose_name=_("代办点或乡镇"),
        help_text=_("选乡镇即委托该乡镇所有村(社区)代办点"),
    )
    note = models.CharField(_("委托依据"), max_length=200, blank=True)
    since = models.DateField(_("委托日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("委托代办点办理的事项")
        verbose_name_plural = _("委托代办点办理的事项")
        constraints = [models.UniqueConstraint(fields=["item", "org"], name="one_delegation_per_item_org")]

    def __str__(self) -> str:
        return f"{self.item} → {self.org}"

    def clean(self) -> None:
        if self.org_id and self.org.kind == "county":
            raise ValidationError(_("只能委托给乡镇的代办点"))
