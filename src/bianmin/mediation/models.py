"""矛盾纠纷调解: disputes the town center mediates, at its 治安调解窗口, at a village station or on a market day.

The seeds put dispute mediation in every layer of the network: a village room takes "本村(社区)邻里乡亲、家庭成员
抚(赡)养、继承、债务、交通等民事纠纷调解类" (000 篇1), the Ruijin town-center standard sets up a "治安调解窗口"
(000, after 篇8), and market-day service "集中为民办事、答疑解惑、调解纠纷" (000 篇9). A mediation is not a case
(办件): it has no service item, no promised working days; it has its own number per center and year
(``象湖镇调〔2026〕第012号``), parties instead of one applicant, sessions, and ends in an agreement (人民调解协议书),
no agreement, or a referral to a court, the police or the petition office.

The agreement follows the People's Mediation Law (人民调解法): 第二十九条 "调解协议书可以载明下列事项：（一）当事人的
基本情况；（二）纠纷的主要事实、争议事项以及各方当事人的责任；（三）当事人达成调解协议的内容，履行的方式、期限。
调解协议书自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效"; 第三十一条 "人民调解
委员会应当对调解协议的履行情况进行监督，督促当事人履行约定的义务" (the follow-up visit, 回访).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bianmin.orgs.models import Org, Staff
from bianmin.outreach.models import MarketDay


class DisputeKind(models.TextChoices):
    """纠纷类型 (000 篇1 lists neighbours, family support, inheritance, debts, traffic)."""

    NEIGHBOUR = "neighbour", _("邻里纠纷")
    LAND = "land", _("土地山林权属、地界纠纷")
    FAMILY = "family", _("婚姻家庭、赡养继承纠纷")
    LABOUR = "labour", _("劳动争议、劳资纠纷")
    DAMAGES = "damages", _("损害赔偿纠纷")
    DEBT = "debt", _("债务、合同纠纷")
    TRAFFIC = "traffic", _("交通事故纠纷")
    OTHER = "other", _("其他纠纷")


class MediationChannel(models.TextChoices):
    """Where the dispute was brought (受理渠道)."""

    WINDOW = "window", _("中心窗口")
    STATION = "station", _("村(社区)便民服务站")
    MARKET_DAY = "market_day", _("赶场日")


class MediationState(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    MEDIATING = "mediating", _("调解中")
    AGREED = "agreed", _("已达成协议，待回访")
    CLOSED = "closed", _("已结案")


OPEN_STATES = (MediationState.REGISTERED, MediationState.MEDIATING)

# Allowed transitions; every action checks its own row (``Mediation.can_become``).
TRANSITIONS: dict[str, frozenset[str]] = {
    MediationState.REGISTERED: frozenset({MediationState.MEDIATING, MediationState.CLOSED}),
    MediationState.MEDIATING: frozenset({MediationState.AGREED, MediationState.CLOSED}),
    MediationState.AGREED: frozenset({MediationState.CLOSED}),
    MediationState.CLOSED: frozenset(),
}


class Outcome(models.TextChoices):
    """调解结果."""

    AGREEMENT = "agreement", _("达成调解协议")
    NO_AGREEMENT = "no_agreement", _("调解不成")
    REFERRED = "referred", _("移送其他机关")


class ReferralBody(models.TextChoices):
    """Where an unresolved dispute goes (人民调解法 第二十六条: 告知当事人可以依法通过仲裁、行政、司法等途径)."""

    COURT = "court", _("人民法院")
    POLICE = "police", _("公安机关")
    PETITION = "petition", _("信访部门")
    ARBITRATION = "arbitration", _("仲裁机构")
    OTHER = "other", _("其他机关")


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")
    OTHER = "other", _("其他当事人")


class Performance(models.TextChoices):
    """履行情况, found at the follow-up visit (回访)."""

    KEPT = "kept", _("已履行")
    NOT_KEPT = "not_kept", _("未履行")


class Mediation(models.Model):
    """矛盾纠纷调解: one dispute from registration to closing.

    ``org`` is the town center that answers for it and numbers it; ``station`` the village station where an
    agent registered it (the agent sees it there). ``due_on`` is ``registered_on`` plus
    ``MEDIATION_LIMIT_DAYS`` calendar days: 人民调解法 sets no term for mediation, local rules use 30 days;
    it can be extended once with a reason. After an agreement, ``follow_up_due`` is the day the follow-up
    visit (回访, 人民调解法 第三十一条) is due."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="mediations", verbose_name=_("中心"))
    station = models.ForeignKey(
        Org,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="station_mediations",
        verbose_name=_("便民服务站"),
    )
    market_day = models.ForeignKey(
        MarketDay,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("赶场服务"),
    )
    channel = models.CharField(
        _("受理渠道"), max_length=16, choices=MediationChannel.choices, default=MediationChannel.WINDOW
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("年度序号"))
    number = models.CharField(_("调解编号"), max_length=50, unique=True)
    kind = models.CharField(_("纠纷类型"), max_length=16, choices=DisputeKind.choices)
    title = models.CharField(_("纠纷简述"), max_length=100)
    facts = models.TextField(_("纠纷事实"), max_length=4000)
    mediators: models.ManyToManyField[Staff, Mediation] = models.ManyToManyField(
        Staff, related_name="mediations", verbose_name=_("调解员")
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=MediationState.choices, default=MediationState.REGISTERED
    )
    registered_at = models.DateTimeField(_("登记时间"))
    registered_on = models.DateField(_("登记日期"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人")
    )
    due_on = models.DateField(_("调解期限"))
    extended_days = models.PositiveSmallIntegerField(_("延长天数"), default=0)
    extension_reason = models.CharField(_("延长理由"), max_length=300, blank=True)
    outcome = models.CharField(_("调解结果"), max_length=16, choices=Outcome.choices, blank=True)
    referred_to = models.CharField(_("移送机关类别"), max_length=16, choices=ReferralBody.choices, blank=True)
    referred_body = models.CharField(_("移送机关名称"), max_length=100, blank=True)
    outcome_note = models.TextField(_("结果说明"), max_length=2000, blank=True)
    ended_on = models.DateField(_("调解终结日期"), null=True, blank=True)
    follow_up_due = models.DateField(_("回访期限"), null=True, blank=True)
    performance = models.CharField(_("履行情况"), max_length=16, choices=Performance.choices, blank=True)
    follow_up_note = models.TextField(_("回访情况"), max_length=2000, blank=True)
    followed_up_on = models.DateField(_("回访日期"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("矛盾纠纷调解")
        verbose_name_plural = _("矛盾纠纷调解")
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "seq"], name="mediation_seq_per_center_year")
        ]
        indexes = [
            models.Index(fields=["org", "registered_on"], name="mediation_org_day"),
            models.Index(
                fields=["org", "due_on"],
                name="mediation_open",
                condition=Q(state__in=["registered", "mediating"]),
            ),
            models.Index(
                fields=["org", "follow_up_due"], name="mediation_follow_up", condition=Q(state="agreed")
            ),
        ]
        permissions = [
            ("mediate_mediation", _("主持调解：记录调解、制作协议、结案和回访")),
            ("extend_mediation", _("批准延长调解期限")),
        ]

    def __str__(self) -> str:
        return self.number

    def can_become(self, state: str) -> bool:
        return state in TRANSITIONS[self.state]

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class Party(models.Model):
    """当事人: a person in the dispute. The ID number is validated (GB 11643) and stored; pages and the API show
    it masked (lib.identity), the printed agreement in full (人民调解法 第二十九条: 当事人的基本情况)."""

    mediation = models.ForeignKey(
        Mediation, on_delete=models.CASCADE, related_name="parties", verbose_name=_("调解")
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    role = models.CharField(_("当事人类别"), max_length=16, choices=PartyRole.choices)
    name = models.CharField(_("姓名"), max_length=100)
    id_number = models.CharField(_("身份证号码"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    address = models.CharField(_("住址"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        ordering = ["mediation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["mediation", "position"], name="party_position_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """调解记录: one sitting, with its date, place, which parties came and the minutes (调解笔录)."""

    mediation = models.ForeignKey(
        Mediation, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("调解")
    )
    held_on = models.DateField(_("调解日期"))
    place = models.CharField(_("调解地点"), max_length=100)
    attendees: models.ManyToManyField[Party, Session] = models.ManyToManyField(
        Party, related_name="sessions", verbose_name=_("到场当事人")
    )
    minutes = models.TextField(_("调解笔录"), max_length=4000)
    minutes_file = models.FileField(_("调解笔录附件"), upload_to="mediation/%Y/", blank=True, max_length=200)
    recorded_at = models.DateTimeField(_("记录时间"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("记录人")
    )

    class Meta:
        verbose_name = _("调解记录")
        verbose_name_plural = _("调解记录")
        ordering = ["mediation", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.place}"


class Agreement(models.Model):
    """人民调解协议书: its own number per center and year (``象湖镇调协〔2026〕第005号``), the agreed content, each
    party's obligations, the way and deadline of performance (人民调解法 第二十九条). It takes effect only when
    every party has signed (``concluded_at``); until then it is a draft that can be rewritten."""

    mediation = models.OneToOneField(
        Mediation, on_delete=models.CASCADE, related_name="agreement", verbose_name=_("调解")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("年度序号"))
    number = models.CharField(_("协议书编号"), max_length=50, unique=True)
    content = models.TextField(_("协议内容"), max_length=4000)
    obligations = models.TextField(_("各方义务"), max_length=2000, blank=True)
    performance_method = models.CharField(_("履行方式"), max_length=300)
    performance_deadline = models.DateField(_("履行期限"))
    drafted_at = models.DateTimeField(_("制作时间"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("制作人")
    )
    concluded_at = models.DateTimeField(_("生效时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("人民调解协议书")
        verbose_name_plural = _("人民调解协议书")

    def __str__(self) -> str:
        return self.number


class Signature(models.Model):
    """当事人签名: a party signed (or fingerprinted) the printed agreement; recorded once per party."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("协议书")
    )
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+", verbose_name=_("当事人"))
    signed_at = models.DateTimeField(_("签名时间"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("记录人")
    )

    class Meta:
        verbose_name = _("当事人签名")
        verbose_name_plural = _("当事人签名")
        ordering = ["agreement", "signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="signature_once_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.signed_at:%Y-%m-%d %H:%M}"


class EventType(models.TextChoices):
    REGISTERED = "registered", _("登记")
    SESSION = "session", _("调解")
    EXTENDED = "extended", _("延长期限")
    DRAFTED = "drafted", _("制作协议书")
    SIGNED = "signed", _("当事人签名")
    CONCLUDED = "concluded", _("协议生效")
    CLOSED = "closed", _("结案")
    FOLLOW_UP = "follow_up", _("回访")
    PRINTED = "printed", _("打印协议书")


class MediationEvent(models.Model):
    """调解留痕: one step of a mediation, written in the same transaction as the change."""

    mediation = models.ForeignKey(
        Mediation, on_delete=models.CASCADE, related_name="events", verbose_name=_("调解")
    )
    type = models.CharField(_("环节"), max_length=16, choices=EventType.choices)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("经办人")
    )
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("调解留痕")
        verbose_name_plural = _("调解留痕")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.at:%Y-%m-%d %H:%M}"
