"""Notices (公告) where the people look: ``{% notices_for org %}`` on the hall page and a station's page,
``{% notice_ticker org %}`` on the hall screen. Both read ``selectors.current`` (one query) for today, so
the pages that show them need no view change and stay correct without any job having run."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from bianmin.bulletins import selectors

register = template.Library()


@register.inclusion_tag("bulletins/_notices.html")
def notices_for(org: Any) -> dict[str, Any]:
    return {"place": org, "bulletins": selectors.current(org, timezone.localdate()) if org else []}


@register.inclusion_tag("bulletins/_ticker.html", takes_context=True)
def notice_ticker(context: Any, org: Any) -> dict[str, Any]:
    now = context.get("now") or timezone.localtime()
    return {"bulletins": selectors.current(org, timezone.localdate(now)) if org else []}
