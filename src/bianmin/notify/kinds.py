"""What a message is about (通知类型), the channels it travels by, and each kind's default wording.

A kind's wording is a template with ``{name}`` placeholders filled from the message's parameters; a center's
director (or the county admin) may replace it (``MessageTemplate``), and the SMS gateway's template id goes
with it (Chinese SMS gateways send only texts registered under an id, 短信模板). This module sits below the
models so their choices come from it.
"""

from __future__ import annotations

import math
import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageKind(models.TextChoices):
    # To the applicant, from the case's ledger (000 篇1 "以电话或上门回覆"; 行政许可法 Art. 32, 42).
    ACCEPTANCE = "acceptance", _("受理通知")
    ONE_TIME = "one_time", _("一次性告知")
    REJECTION = "rejection", _("不予受理通知")
    EXTENSION = "extension", _("延期办结通知")
    SUSPENSION = "suspension", _("特别程序告知")
    RESULT_READY = "result_ready", _("办理结果领取通知")
    RESULT_MAILED = "result_mailed", _("办理结果邮寄通知")
    # To staff, in the counter (000 篇2 帶班領導: 督办, 直至办结).
    URGED = "urged", _("督办提醒")
    URGE_REPLIED = "urge_replied", _("督办回复")
    # From other causes, enqueued in their own transaction.
    APPOINTMENT_BOOKED = "appointment_booked", _("预约成功")
    APPOINTMENT_REMINDER = "appointment_reminder", _("预约提醒")
    APPOINTMENT_CHANGED = "appointment_changed", _("预约变更")
    APPOINTMENT_CANCELLED = "appointment_cancelled", _("预约取消")
    COMPLAINT_REPLY = "complaint_reply", _("投诉答复")
    OTHER = "other", _("其他通知")


class ChannelKind(models.TextChoices):
    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")
    LETTER = "letter", _("书面通知")
    INAPP = "inapp", _("站内通知")


STAFF_KINDS = frozenset({MessageKind.URGED, MessageKind.URGE_REPLIED})

# The default wording per kind. Placeholders: org (the center), number (受理编号), item, due_date, days,
# materials, reason, date, time, window, code, tracking, note, by. A placeholder the message lacks is left
# empty, never an error: a wrong template must not stop a notice.
DEFAULT_BODIES: dict[str, object] = {
    MessageKind.ACCEPTANCE: _("您的“{item}”申请已受理，受理编号{number}，承诺{due_date}前办结。"),
    MessageKind.ONE_TIME: _("您的“{item}”申请材料不全，请补齐：{materials}。补齐后到{org}窗口办理。"),
    MessageKind.REJECTION: _("您的“{item}”申请不予受理，理由：{reason}。详见不予受理通知书。"),
    MessageKind.EXTENSION: _("您的办件{number}经批准延期{days}个工作日，办结日期改为{due_date}。"),
    MessageKind.SUSPENSION: _("您的办件{number}进入特别程序（{reason}），期间不计入办理时限。"),
    MessageKind.RESULT_READY: _("您的“{item}”已办结（{number}），请携带身份证件到{org}领取办理结果。"),
    MessageKind.RESULT_MAILED: _("您的办件{number}办理结果已邮寄，邮件号{tracking}，请注意查收。"),
    MessageKind.URGED: _("办件{number}被督办：{note}。请于{date}前回复。"),
    MessageKind.URGE_REPLIED: _("{by}已回复办件{number}的督办：{note}"),
    MessageKind.APPOINTMENT_BOOKED: _("您已预约{org}{date} {time}办理“{item}”，预约码{code}。"),
    MessageKind.APPOINTMENT_REMINDER: _(
        "提醒：您预约了{org}{date} {time}办理“{item}”，预约码{code}，请按时到场。"
    ),
    MessageKind.APPOINTMENT_CHANGED: _("您的预约已改为{date} {time}，预约码{code}。"),
    MessageKind.APPOINTMENT_CANCELLED: _("您在{org}{date} {time}的预约（{code}）已取消。"),
    MessageKind.COMPLAINT_REPLY: _("您向{org}反映的问题已答复：{note}"),
    MessageKind.OTHER: _("{note}"),
}

SEGMENT_SINGLE = 70  # one SMS carries 70 Chinese characters (UCS-2) ...
SEGMENT_PART = 67  # ... and a longer text travels in parts of 67 (3 go to the concatenation header)


def sms_segments(text: str) -> int:
    """How many SMS a text costs: 1 up to 70 characters, else one per 67 (the signature counts too)."""
    length = len(text)
    if length == 0:
        return 0
    if length <= SEGMENT_SINGLE:
        return 1
    return math.ceil(length / SEGMENT_PART)


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fill(template: str, params: dict) -> str:
    """The template with its ``{name}`` placeholders filled; a name the message lacks becomes empty, and
    nothing else in the text is interpreted (a director's template is text, not code)."""

    def value(match: re.Match[str]) -> str:
        got = params.get(match.group(1))
        return "" if got is None else str(got)

    return _PLACEHOLDER.sub(value, str(template))


# Typical values for the placeholders, to show a template as a citizen would read it and count it.
SAMPLE_PARAMS: dict[str, str] = {
    "org": "象湖镇便民服务中心",
    "number": "360781001-2026-000123",
    "item": "城乡居民最低生活保障",
    "due_date": "2026-10-20",
    "days": "5",
    "materials": "户口簿、家庭收入证明",
    "reason": "需入户调查",
    "date": "2026-10-09",
    "time": "09:00",
    "window": "民政窗口",
    "code": "K7Q2",
    "tracking": "EA123456789CN",
    "note": "已核实并整改",
    "by": "王主任",
}


def sms_count(body: str, signature: str = "") -> tuple[int, int]:
    """(characters, SMS segments) of a template as sent: 【signature】 and the text with the sample values
    filled in. One function for the template page, its live counter's starting value and the API."""
    text = (f"【{signature}】" if signature else "") + fill(body, SAMPLE_PARAMS)
    return len(text), sms_segments(text)
