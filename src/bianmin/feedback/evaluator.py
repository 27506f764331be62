"""评价器: the hall tablet at each window (002 天彭镇: 每个服务窗口安装了电子评价器), 一次一评.

How a tablet is bound to its window. A device account with a password was the other choice; it was not
taken: the password would be typed on a tablet the public handles, and its session would open the counter.
Instead the director registers the tablet for one window and gets a one-time pairing link (valid 24 hours).
Opening it on the tablet stores a fresh device secret in an HttpOnly cookie and spends the link, so a link
seen later is worthless. Only SHA-256 digests of the link and the secret are stored; stopping the device
(停用) ends it at once. The secret opens nothing but that window's evaluator page: it shows the case the
clerk put up with 请评价 (number, item, the clerk's name and number) and takes one rating for it.

Flow: the clerk finishes a service and presses 请评价 on the case page (``request_rating``): the request is
the window's only open one (older ones are closed). The tablet polls ``pending_request``; the citizen taps a
level; ``rate_at_window`` records it (channel tablet, the request's occasion, window and clerk) and closes
the request; the tablet goes back to waiting. A request left unanswered lapses after ``REQUEST_MINUTES``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from bianmin.cases.models import Case
from bianmin.feedback.actions import NOT_AT_THE_WINDOW, already_rated, occasion_of, rate
from bianmin.feedback.models import Evaluator, Rating, RatingChannel, RatingRequest
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Window
from bianmin.orgs.selectors import held_window_ids, visible_org_ids

PAIRING_HOURS = 24
REQUEST_MINUTES = 10
COOKIE = "bianmin_evaluator"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _may_manage(actor: Any, org_id: int) -> bool:
    return actor.has_perm("feedback.manage_evaluator") and org_id in visible_org_ids(actor)


def register_evaluator(*, actor: Any, window: Window, name: str, now: dt.datetime) -> tuple[Evaluator, str]:
    """A new tablet for ``window``; returns it and its one-time pairing secret (shown once)."""
    if not _may_manage(actor, window.org_id):
        raise DomainError("forbidden", _("只有中心主任可以登记评价器"), kind="forbidden")
    if not window.active:
        raise DomainError("window_inactive", _("该窗口已停用"), kind="conflict")
    secret = secrets.token_urlsafe(32)
    device = Evaluator.objects.create(
        org_id=window.org_id,
        window=window,
        name=str(name or "").strip()[:60],
        pairing_digest=digest(secret),
        pairing_expires_at=now + dt.timedelta(hours=PAIRING_HOURS),
        created_by=actor,
        created_at=now,
    )
    return device, secret


def new_pairing(device: Evaluator, *, actor: Any, now: dt.datetime) -> str:
    """A fresh pairing link for a tablet that lost its cookie; the old device secret stops working."""
    if not _may_manage(actor, device.org_id):
        raise DomainError("forbidden", _("只有中心主任可以登记评价器"), kind="forbidden")
    if device.revoked_at is not None:
        raise DomainError("evaluator_revoked", _("该评价器已停用"), kind="conflict")
    secret = secrets.token_urlsafe(32)
    Evaluator.objects.filter(pk=device.pk).update(
        pairing_digest=digest(secret),
        pairing_expires_at=now + dt.timedelta(hours=PAIRING_HOURS),
        device_digest="",
    )
    return secret


def pair(pairing_secret: str, *, now: dt.datetime) -> tuple[Evaluator, str]:
    """Spend a pairing link: returns the device and its new device secret (for the cookie)."""
    found = digest(pairing_secret or "")
    device_secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        device = (
            Evaluator.objects.select_for_update()
            .filter(pairing_digest=found, revoked_at__isnull=True, pairing_expires_at__gt=now)
            .exclude(pairing_digest="")
            .first()
        )
        if device is None:
            raise DomainError(
                "pairing_invalid", _("配对链接无效或已过期，请中心主任重新生成"), kind="not_found"
            )
        device.pairing_digest = ""
        device.pairing_expires_at = None
        device.device_digest = digest(device_secret)
        device.paired_at = now
        device.last_seen_at = now
        device.save(
            update_fields=[
                "pairing_digest",
                "pairing_expires_at",
                "device_digest",
                "paired_at",
                "last_seen_at",
            ]
        )
    return device, device_secret


def device_for(secret: str | None) -> Evaluator | None:
    """The active tablet holding ``secret`` (its cookie), with its window."""
    if not secret:
        return None
    return (
        Evaluator.objects.select_related("window", "org")
        .filter(device_digest=digest(secret), revoked_at__isnull=True)
        .exclude(device_digest="")
        .first()
    )


def revoke(device: Evaluator, *, actor: Any, now: dt.datetime) -> None:
    if not _may_manage(actor, device.org_id):
        raise DomainError("forbidden", _("只有中心主任可以停用评价器"), kind="forbidden")
    Evaluator.objects.filter(pk=device.pk, revoked_at__isnull=True).update(
        revoked_at=now, device_digest="", pairing_digest=""
    )


def seen(device: Evaluator, now: dt.datetime) -> None:
    """Keep ``last_seen_at`` to the minute (one write a minute per tablet, not one per poll)."""
    if device.last_seen_at is None or now - device.last_seen_at > dt.timedelta(minutes=1):
        Evaluator.objects.filter(pk=device.pk).update(last_seen_at=now)


def request_rating(case: Case, *, actor: Any, window: Window, now: dt.datetime) -> RatingRequest:
    """请评价: the clerk at ``window`` asks its evaluator to show ``case``."""
    if not actor.has_perm("feedback.request_rating"):
        raise DomainError("forbidden", _("您没有请群众评价的权限"), kind="forbidden")
    if window.org_id != case.org_id or case.org_id not in visible_org_ids(actor):
        raise DomainError("wrong_window", _("只能在本中心的窗口请群众评价本中心的办件"), kind="forbidden")
    held = held_window_ids(actor)
    if held and window.pk not in held:
        raise DomainError("wrong_window", _("只能在您任职的窗口请群众评价"), kind="forbidden")
    if case.state in NOT_AT_THE_WINDOW:
        raise DomainError("not_rateable", _("该办件尚未到中心窗口办理"), kind="conflict")
    occasion = occasion_of(case)
    if Rating.objects.filter(case=case, occasion=occasion).exists():
        raise already_rated(occasion)
    with transaction.atomic():
        RatingRequest.objects.filter(window=window, closed_at__isnull=True).update(closed_at=now)
        return RatingRequest.objects.create(
            window=window, case=case, occasion=occasion, staff=actor, created_at=now
        )


def pending_request(window_id: int, now: dt.datetime) -> RatingRequest | None:
    """The window's open request, if it is fresh (``REQUEST_MINUTES``)."""
    return (
        RatingRequest.objects.select_related("case", "staff__staff", "window")
        .filter(
            window_id=window_id,
            closed_at__isnull=True,
            created_at__gt=now - dt.timedelta(minutes=REQUEST_MINUTES),
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def rate_at_window(
    device: Evaluator, *, request_id: Any, level: Any, comment: Any, now: dt.datetime
) -> Rating:
    """The citizen's tap on the tablet: one rating for the request the tablet showed."""
    try:
        pk = int(request_id)
    except (TypeError, ValueError) as exc:
        raise DomainError(
            "request_gone", _("本次评价已结束，请等待工作人员发起评价"), kind="conflict"
        ) from exc
    with transaction.atomic():
        req = (
            RatingRequest.objects.select_for_update()
            .select_related("case", "window")
            .filter(pk=pk, window_id=device.window_id)
            .first()
        )
        fresh = req is not None and req.created_at > now - dt.timedelta(minutes=REQUEST_MINUTES)
        if req is None or req.closed_at is not None or not fresh:
            raise DomainError("request_gone", _("本次评价已结束，请等待工作人员发起评价"), kind="conflict")
        rating = rate(
            req.case,
            level=level,
            comment=comment,
            channel=RatingChannel.TABLET,
            occasion=req.occasion,
            window=req.window,
            staff=req.staff,
            now=now,
        )
        req.closed_at = now
        req.rating = rating
        req.save(update_fields=["closed_at", "rating"])
    return rating
