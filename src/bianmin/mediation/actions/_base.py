"""What every mediation action shares: the clock, the scope lock, the event, the guards' helpers, numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.lib.errors import DomainError
from bianmin.mediation.models import (
    Mediation,
    MediationEvent,
)
from bianmin.orgs.models import Org, OrgKind, Staff
from bianmin.orgs.selectors import staff_of, visible_org_ids

NOT_FOUND = "mediation_not_found"
MIN_PARTIES = 2
MAX_PARTIES = 20


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _not_found() -> str:
    return _("找不到该调解")


def _staff(actor: Any) -> Staff:
    staff = staff_of(actor)
    if staff is None or staff.org.kind == OrgKind.COUNTY:
        raise DomainError(
            "not_center_staff", _("只有乡镇中心或村(社区)便民服务站的工作人员可以调解纠纷"), kind="forbidden"
        )
    return staff


def _visible(actor: Any, m: Mediation) -> bool:
    if actor is None or getattr(actor, "is_superuser", False):
        return True
    ids = visible_org_ids(actor)
    return m.org_id in ids or (m.station_id is not None and m.station_id in ids)


def _lock(mediation: Mediation | int, actor: Any) -> Mediation:
    """The mediation locked for update, refused as not found outside the actor's scope."""
    pk = mediation.pk if isinstance(mediation, Mediation) else mediation
    locked = Mediation.objects.select_for_update().filter(pk=pk).first()
    if locked is None or not _visible(actor, locked):
        raise DomainError(NOT_FOUND, _not_found(), kind="not_found")
    return locked


def _event(m: Mediation, type_: str, actor: Any, now: dt.datetime, note: str = "") -> MediationEvent:
    return MediationEvent.objects.create(mediation=m, type=type_, at=now, actor=actor, note=note[:500])


def _choice(value: Any, choices: Any, code: str, message: str) -> str:
    if value not in choices.values:
        raise DomainError(code, message)
    return str(value)


def _date(value: Any, code: str, message: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise DomainError(code, message)
    return value


def can(check: Any, *args: Any) -> bool:
    """Whether a guard lets the action through: the pages show a step's form by asking its own guard."""
    try:
        check(*args)
    except DomainError:
        return False
    return True


def mediation_number(org: Org, year: int, seq: int) -> str:
    """调解编号: ``<center>调〔<year>〕第<seq>号``, e.g. 象湖镇调〔2026〕第012号."""
    return f"{org.short_name or org.name}调〔{year}〕第{seq:03d}号"


def agreement_number(org: Org, year: int, seq: int) -> str:
    """人民调解协议书编号: ``<center>调协〔<year>〕第<seq>号``."""
    return f"{org.short_name or org.name}调协〔{year}〕第{seq:03d}号"
