"""The consultation log (咨询登记): questions answered at a window, by phone or at a market day.

Most questions never become a case; the center still answers for them. 002 天彭镇 counts its consultations
next to its cases ("答复咨询1200余人次"), and first-contact responsibility covers them (003 曾家镇 首问负责制
二: "适用于接受当事人咨询的事项 … 都应当跟踪负责至该事项办理完毕"): a consultation can be followed up by a
due date, handed to a colleague with the hand-over recorded, closed with the answer, or turned into a case
through the counter's intake. Frequent questions feed the item's FAQ (``Faq``), which a director publishes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bianmin.cases.models import Case
from bianmin.catalog.models import ServiceItem
from bianmin.orgs.models import Org, Staff, Window
from bianmin.outreach.models import MarketDay


class ConsultationChannel(models.TextChoices):
    """Where the question was asked (咨询方式)."""

    WINDOW = "window", _("窗口")
    PHONE = "phone", _("电话")
    MARKET_DAY = "market_day", _("赶场日")


class Answer(models.TextChoices):
    """How it was answered (答复方式). Needing a follow-up opens the consultation (``State.FOLLOW_UP``)."""

    ON_THE_SPOT = "on_the_spot", _("当场答复")
    ONE_TIME = "one_time", _("一次性告知办理要求")
    REFERRED = "referred", _("引导至相关窗口")
    FOLLOW_UP = "follow_up", _("需要跟进")


class State(models.TextChoices):
    ANSWERED = "answered", _("已答复")
    FOLLOW_UP = "follow_up", _("跟进中")
    CLOSED = "closed", _("已办结")
    CASE = "case", _("已转办件")


OPEN_STATES = (State.FOLLOW_UP,)

# Allowed transitions; every action checks its own row of this table (``Consultation.can_become``).
TRANSITIONS: dict[str, frozenset[str]] = {
    State.ANSWERED: frozenset({State.FOLLOW_UP, State.CASE}),
    # follow-up again: handed over or taken over, the due date kept
    State.FOLLOW_UP: frozenset({State.FOLLOW_UP, State.CLOSED, State.CASE}),
    # the citizen came back with the materials: the answered question becomes a case
    State.CLOSED: frozenset({State.CASE}),
    State.CASE: frozenset(),
}


class Consultation(models.Model):
    """咨询登记: one question, who answered it and how (首问负责: the first contact stays on record).

    ``first_contact`` is the staff member who took the question (首问责任人, 003 曾家镇 首问负责制 一) and never
    changes; ``owner`` is who answers for it now — the first contact until it is handed over. ``asked_on`` is
    the center's local date of ``asked_at``, kept for counting per day and month by index."""

    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("中心")
    )
    window = models.ForeignKey(
        Window, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("窗口")
    )
    item = models.ForeignKey(
        ServiceItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("事项")
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
        _("咨询方式"), max_length=16, choices=ConsultationChannel.choices, default=ConsultationChannel.WINDOW
    )
    topic = models.CharField(_("咨询内容"), max_length=200)
    how = models.CharField(_("答复方式"), max_length=16, choices=Answer.choices)
    answer = models.TextField(_("答复内容"), max_length=2000, blank=True)
    citizen_name = models.CharField(_("咨询人"), max_length=100, blank=True)
    citizen_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    minutes = models.PositiveSmallIntegerField(_("用时(分钟)"), null=True, blank=True)
    asked_at = models.DateTimeField(_("咨询时间"))
    asked_on = models.DateField(_("咨询日期"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("接待人")
    )
    first_contact = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="+", verbose_name=_("首问责任人")
    )
    owner = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+", verbose_name=_("当前负责人"))
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.ANSWERED)
    due_date = models.DateField(_("跟进期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    case = models.OneToOneField(
        Case,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultation",
        verbose_name=_("转办的办件"),
    )
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("咨询登记")
        verbose_name_plural = _("咨询登记")
        ordering = ["-asked_at", "-id"]
        indexes = [
            models.Index(fields=["org", "asked_on"], name="consultation_org_day"),
            models.Index(fields=["item", "asked_on"], name="consultation_item_day"),
            models.Index(
                fields=["org", "due_date"], name="consultation_open", condition=Q(state="follow_up")
            ),
        ]
        permissions = [
            ("follow_consultation", _("跟进、移交和办结咨询")),
            ("reassign_consultation", _("移交他人负责的咨询")),
        ]

    def __str__(self) -> str:
        return self.topic

    def can_become(self, state: str) -> bool:
        return state in TRANSITIONS[self.state]


class EventType(models.TextChoices):
    LOGGED = "logged", _("登记")
    FOLLOW_UP = "follow_up", _("转为跟进")
    HAND_OVER = "hand_over", _("移交")
    TAKE_OVER = "take_over", _("接手")
    CLOSE = "close", _("办结答复")
    CASE = "case", _("转为办件")


class ConsultationEvent(models.Model):
    """咨询留痕: one step of a consultation, written in the same transaction as the change. A hand-over
    records who handed it (``actor``), from whom, to whom, when and the note (003 曾家镇 首问负责制 四/五)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="events", verbose_name=_("咨询")
    )
    type = models.CharField(_("环节"), max_length=16, choices=EventType.choices)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("经办人")
    )
    from_staff = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("移交人")
    )
    to_staff = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("接收人")
    )
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("咨询留痕")
        verbose_name_plural = _("咨询留痕")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.at:%Y-%m-%d %H:%M}"


class FaqState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤下")


class Faq(models.Model):
    """常见问题: a question people often ask about an item and the center's answer, written by its director
    from the consultation log (the topics asked most in the last 90 days) and shown on the item's public
    guide page once published."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="faqs", verbose_name=_("中心"))
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("事项"))
    question = models.CharField(_("问题"), max_length=200)
    answer = models.TextField(_("答复"), max_length=2000)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    state = models.CharField(_("状态"), max_length=16, choices=FaqState.choices, default=FaqState.DRAFT)
    asked = models.PositiveIntegerField(_("近期被问次数"), default=0)
    updated_at = models.DateTimeField(_("更新时间"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("编写人")
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("常见问题")
        verbose_name_plural = _("常见问题")
        ordering = ["item", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "item", "question"], name="faq_once_per_question")
        ]
        indexes = [models.Index(fields=["item", "state"], name="faq_item_state")]
        permissions = [("publish_faq", _("编写和发布常见问题"))]

    def __str__(self) -> str:
        return self.question
