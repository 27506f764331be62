"""Mediations at 象湖镇 on a fixed clock: clerk Li at window 1 民政, handler Chen, leader Zhou, director Wu,
supervisor Jiang, agent Wang of 燕子村; 壬田镇's clerk Zhao is the outsider."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.conftest import VALID_ID, VALID_ID_2, at
from bianmin.mediation import actions
from bianmin.mediation.models import Mediation

# Monday 2 March 2026, ten in the morning.
MONDAY = at(2026, 3, 2, 10, 0)
TODAY = MONDAY.date()


def later(days: int, hours: int = 0) -> dt.datetime:
    return MONDAY + dt.timedelta(days=days, hours=hours)


def two_parties(**extra: Any) -> list[dict[str, Any]]:
    return [
        {
            "name": "张大山",
            "role": "applicant",
            "id_number": VALID_ID,
            "phone": "13800000001",
            "address": "燕子村三组",
        },
        {"name": "李小河", "role": "respondent", "id_number": VALID_ID_2, "phone": "13800000002", **extra},
    ]


def dispute(user: Any, parties: Any = None, **extra: Any) -> Mediation:
    """A boundary dispute registered by ``user`` on Monday 10:00 unless told otherwise."""
    extra.setdefault("now", MONDAY)
    extra.setdefault("kind", "land")
    extra.setdefault("title", "宅基地界址争议")
    extra.setdefault("facts", "两家宅基地之间的围墙位置有争议。")
    return actions.register(actor=user, parties=two_parties() if parties is None else parties, **extra)


def mediated(user: Any, m: Mediation, day: int = 1) -> Mediation:
    """A session with every party present, ``day`` days after registration."""
    actions.record_session(
        m,
        actor=user,
        held_on=(MONDAY + dt.timedelta(days=day)).date(),
        place="象湖镇调解室",
        attendees=list(m.parties.all()),
        minutes="双方陈述意见，同意按原界址重砌围墙。",
        now=later(day),
    )
    m.refresh_from_db()
    return m


def drafted(user: Any, m: Mediation, day: int = 2) -> Any:
    return actions.draft_agreement(
        m,
        actor=user,
        content="围墙按1998年界址重砌，费用各半。",
        obligations="张大山负责施工，李小河支付一半费用。",
        performance_method="现金支付",
        performance_deadline=(MONDAY + dt.timedelta(days=30)).date(),
        now=later(day),
    )


@pytest.fixture
def clock(time_machine: Any) -> Any:
    time_machine.move_to(MONDAY, tick=False)
    return MONDAY
