"""The case page's timeline: every event (留痕) with a readable label and a short summary of its data.

Event data is what the action recorded, keyed in English for the hash chain; here the keys and coded
values get their labels. Unknown types and keys are shown raw rather than hidden: the ledger must be
complete even when a newer action writes something this page does not know yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from bianmin.cases.models import (
    CaseEvent,
    CaseState,
    Channel,
    DeliveryMethod,
    GreenChannel,
    Result,
    StepOutcome,
    SuspensionType,
)
from bianmin.cases.steps import Step
from bianmin.lib.text import join_clauses, join_names

KEY_LABELS = {
    "channel": _("渠道"),
    "item": _("事项编码"),
    "version": _("事项版本"),
    "received": _("收取材料"),
    "uploads": _("上传材料"),
    "station": _("代办点"),
    "notice": _("文书"),
    "missing": _("缺少材料"),
    "still_missing": _("仍缺材料"),
    "unusable": _("不符合要求的材料"),
    "breach": _("违反一次性告知"),
    "due_date": _("办结日"),
    "old_due_date": _("原办结日"),
    "days": _("工作日"),
    "provisional": _("暂定"),
    "reason": _("理由"),
    "handler_name": _("承办人"),
    "window": _("窗口"),
    "result": _("结果"),
    "type": _("类型"),
    "since": _("开始日"),
    "workdays": _("工作日"),
    "late": _("超期办结"),
    "certificate": _("证照编号"),
    "method": _("送达方式"),
    "collected_by": _("取件人"),
    "purpose": _("用途"),
    "shown": _("号码"),
    "step": _("环节"),
    "outcome": _("结果"),
    "note": _("说明"),
    "deemed_accepted_on": _("视为受理日"),
    # the three-level network
    "proxy": _("代办件"),
    "authorized_on": _("委托日期"),
    "green_channel": _("绿色通道"),
    "handed_over": _("交接材料"),
    "proxy_days": _("代办时限(工作日)"),
    "proxy_due_date": _("代办办结日"),
    "on_time": _("按时交回"),
    "received_by": _("取件人"),
    "upstream": _("县级办件"),
    "upstream_state": _("县级办件状态"),
    "county": _("县级中心"),
    "county_days": _("县级办理(工作日，不计入代办时限)"),
    "referral": _("报送联系单"),
    "escalated_from": _("乡镇办件"),
    "town": _("乡镇"),
    # 督办 (000 篇2)
    "reply_by": _("回复期限"),
    "late_reply": _("逾期回复"),
}

# Keys whose value is a code of one of these choices.
CODED: dict[str, type[models.TextChoices]] = {
    "channel": Channel,
    "result": Result,
    "type": SuspensionType,
    "method": DeliveryMethod,
    "outcome": StepOutcome,
    "green_channel": GreenChannel,
    "upstream_state": CaseState,
}

# Duplicates of what another key already says (the handler's login name beside their name).
HIDDEN_KEYS = {"handler"}
# Flags worth a line only when set: "provisional: no" on every acceptance is noise.
ONLY_WHEN_TRUE = {"provisional", "proxy", "late_reply"}


@dataclass(frozen=True)
class TimelineEntry:
    event: CaseEvent
    label: str
    from_label: str
    to_label: str
    details: list[tuple[str, str]]


def _value(key: str, value: Any, windows: Mapping[str, str], stations: Mapping[str, str]) -> str:
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, list):
        return join_names(_value(key, v, windows, stations) for v in value)
    if isinstance(value, dict):
        if key == "breach":
            return join_names(value.get("materials", []))
        if key == "handed_over" and {"name", "originals", "copies", "pages"} <= value.keys():
            # one line of the 代办件交接单
            return str(_("%(name)s（原件 %(originals)s，复印件 %(copies)s，%(pages)s 页）") % value)
        return join_clauses(f"{k}: {_value(k, v, windows, stations)}" for k, v in value.items())
    choices = CODED.get(key)
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    if key == "window":
        # The ledger keeps the window's code (联办任务 GT); people read its name (国土和规划).
        return windows.get(str(value), str(value))
    if key == "station":  # likewise the station's division code: people read 燕子村便民服务室
        return stations.get(str(value), str(value))
    return str(value)


def summarize(
    data: dict[str, Any], windows: Mapping[str, str] | None = None, stations: Mapping[str, str] | None = None
) -> list[tuple[str, str]]:
    """Labelled lines of an event's data; ``windows`` names window codes (code → name of the case's center),
    ``stations`` village stations' division codes."""
    details = []
    for key, value in data.items():
        if key in HIDDEN_KEYS or value in ("", None, [], {}) or (key in ONLY_WHEN_TRUE and value is False):
            continue
        details.append((str(KEY_LABELS.get(key, key)), _value(key, value, windows or {}, stations or {})))
    return details


def _state_label(state: str) -> str:
    return str(CaseState(state).label) if state in CaseState.values else state


def timeline(
    events: Any, windows: Mapping[str, str] | None = None, stations: Mapping[str, str] | None = None
) -> list[TimelineEntry]:
    """The case's events as the page lists them; ``windows`` maps the center's window codes to names and
    ``stations`` the case's village station's code to its name."""
    return [
        TimelineEntry(
            event=e,
            label=str(Step(e.type).label) if e.type in Step.values else e.type,
            from_label=_state_label(e.from_state) if e.from_state else "",
            to_label=_state_label(e.to_state) if e.to_state and e.to_state != e.from_state else "",
            details=summarize(e.data or {}, windows, stations),
        )
        for e in events
    ]
