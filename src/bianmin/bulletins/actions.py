"""Every change of a public notice (公告), one function each; pages, API and commands call these.

Each action checks the actor's right and scope, locks the row (``select_for_update``) and checks its state
against ``BULLETIN_TRANSITIONS``, refusing with a ``DomainError`` carrying a stable code. Who wrote,
published and withdrew a notice, and when, stays on the row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.bulletins.models import BODY_MAX, TITLE_MAX, Bulletin, BulletinKind, BulletinState
from bianmin.bulletins.selectors import CENTER_KINDS
from bianmin.lib.errors import DomainError, require_permission, typed_text
from bianmin.orgs.models import Org
from bianmin.orgs.scope import check_scope, lock_in_scope
from bianmin.outreach.models import MarketDay

_NOT_FOUND = "bulletin_not_found"


def _not_found() -> str:
    return _("找不到该公告")


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _lock(bulletin: Bulletin | int, actor: Any) -> Bulletin:
    return lock_in_scope(Bulletin.objects, bulletin, actor, _NOT_FOUND, _not_found())


def _date(value: Any, code: str, message: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise DomainError(code, message)
    return value


def _fill(
    bulletin: Bulletin,
    *,
    kind: Any,
    title: Any,
    body: Any,
    valid_from: Any,
    valid_until: Any,
    pinned: Any,
    market_day: MarketDay | int | None,
) -> None:
    """Set the notice's content, checked: a known kind, a title, plain text, a period that ends after it
    starts, and a market day (if any) of the same center."""
    if kind not in BulletinKind.values:
        raise DomainError("invalid_kind", _("请选择公告类别"))
    bulletin.kind = kind
    bulletin.title = typed_text(
        title, max_length=TITLE_MAX, code="title_required", message=_("请填写公告标题")
    )
    bulletin.body = typed_text(body, max_length=BODY_MAX)
    bulletin.valid_from = _date(valid_from, "invalid_valid_from", _("请填写生效日期"))
    if valid_until is not None:
        valid_until = _date(valid_until, "invalid_valid_until", _("截止日期格式不正确"))
        if valid_until < bulletin.valid_from:
            raise DomainError("invalid_period", _("截止日期不能早于生效日期"))
    bulletin.valid_until = valid_until
    bulletin.pinned = bool(pinned)
    bulletin.market_day = None
    if market_day is not None:
        pk = market_day.pk if isinstance(market_day, MarketDay) else market_day
        found = MarketDay.objects.filter(pk=pk, org_id=bulletin.org_id).first()
        if found is None:
            raise DomainError("market_day_not_of_center", _("只能关联本中心的赶场活动"))
        if kind != BulletinKind.MARKET_DAY:
            raise DomainError("market_day_needs_kind", _("只有“赶场日安排”类公告可以关联赶场活动"))
        bulletin.market_day = found


def draft_bulletin(
    *,
    actor: Any,
    org: Org,
    kind: Any,
    title: Any,
    body: Any = "",
    valid_from: Any,
    valid_until: Any = None,
    pinned: Any = False,
    market_day: MarketDay | int | None = None,
    now: dt.datetime | None = None,
) -> Bulletin:
    """起草公告: a draft notice of a county or town center (a county's is shown on all its towns)."""
    now = _now(now)
    require_permission(actor, "bulletins.add_bulletin", _("您没有起草公告的权限"))
    check_scope(actor, org.pk, "org_not_found", _("找不到该中心"))
    if org.kind not in CENTER_KINDS:
        raise DomainError("not_a_center", _("只有县级中心和乡镇中心发布公告"))
    bulletin = Bulletin(org=org, created_at=now, created_by=actor, updated_at=now)
    _fill(
        bulletin,
        kind=kind,
        title=title,
        body=body,
        valid_from=valid_from,
        valid_until=valid_until,
        pinned=pinned,
        market_day=market_day,
    )
    bulletin.save()
    return bulletin


def edit_bulletin(
    bulletin: Bulletin | int,
    *,
    actor: Any,
    kind: Any,
    title: Any,
    body: Any = "",
    valid_from: Any,
    valid_until: Any = None,
    pinned: Any = False,
    market_day: MarketDay | int | None = None,
    now: dt.datetime | None = None,
) -> Bulletin:
    """修改公告: only a draft; what was published is withdrawn and written anew, so the record holds what
    the people read."""
    now = _now(now)
    require_permission(actor, "bulletins.change_bulletin", _("您没有修改公告的权限"))
    with transaction.atomic():
        row = _lock(bulletin, actor)
        if row.state != BulletinState.DRAFT:
            raise DomainError(
                "bulletin_not_draft", _("只有草稿可以修改；已发布的公告请撤回后重新起草"), kind="conflict"
            )
        _fill(
            row,
            kind=kind,
            title=title,
            body=body,
            valid_from=valid_from,
            valid_until=valid_until,
            pinned=pinned,
            market_day=market_day,
        )
        row.updated_at = now
        row.save()
    return row


def publish_bulletin(bulletin: Bulletin | int, *, actor: Any, now: dt.datetime | None = None) -> Bulletin:
    """发布公告: a draft becomes public (shown while valid); one that would already have expired is refused."""
    now = _now(now)
    require_permission(actor, "bulletins.publish_bulletin", _("您没有发布公告的权限"))
    with transaction.atomic():
        row = _lock(bulletin, actor)
        if not row.can_become(BulletinState.PUBLISHED):
            raise DomainError("bulletin_not_draft", _("该公告已发布或已撤回，不能再次发布"), kind="conflict")
        if row.valid_until is not None and row.valid_until < timezone.localdate(now):
            raise DomainError("bulletin_expired", _("公告的截止日期已过，不能发布"), kind="conflict")
        row.state = BulletinState.PUBLISHED
        row.published_at = row.updated_at = now
        row.published_by = actor
        row.save(update_fields=["state", "published_at", "published_by", "updated_at"])
    return row


def withdraw_bulletin(
    bulletin: Bulletin | int, *, actor: Any, reason: Any = "", now: dt.datetime | None = None
) -> Bulletin:
    """撤回公告: a published notice leaves the hall at once; who and why stay on record."""
    now = _now(now)
    require_permission(actor, "bulletins.publish_bulletin", _("您没有撤回公告的权限"))
    reason_text = typed_text(reason, max_length=200)
    with transaction.atomic():
        row = _lock(bulletin, actor)
        if not row.can_become(BulletinState.WITHDRAWN):
            if row.state == BulletinState.WITHDRAWN:
                raise DomainError("bulletin_withdrawn", _("该公告已撤回"), kind="conflict")
            raise DomainError("bulletin_not_published", _("草稿尚未发布，无需撤回"), kind="conflict")
        row.state = BulletinState.WITHDRAWN
        row.withdrawn_at = row.updated_at = now
        row.withdrawn_by = actor
        row.withdraw_reason = reason_text
        row.save(update_fields=["state", "withdrawn_at", "withdrawn_by", "withdraw_reason", "updated_at"])
    return row
