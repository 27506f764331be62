"""The agreement needs every party (issue 14; 人民调解法 第二十九条: "调解协议书自各方当事人签名、盖章或者按
指印，人民调解员签名并加盖人民调解委员会印章之日起生效"), sessions, closing without an agreement
(第二十六条) and the follow-up visit (第三十一条: 对调解协议的履行情况进行监督)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.mediation import actions
from bianmin.mediation.models import MediationState, Outcome, Performance
from bianmin.mediation.tests.conftest import TODAY, dispute, drafted, later, mediated
from bianmin.mediation.tests.test_register import refused

pytestmark = pytest.mark.django_db


def test_first_session_starts_the_mediation(world: Any) -> None:
    m = dispute(world.clerk)
    p1, p2 = m.parties.all()
    day = TODAY + dt.timedelta(days=1)

    def session(**kw: Any) -> Any:
        args = {"held_on": day, "place": "调解室", "attendees": [p1.pk], "minutes": "陈述", "now": later(1)}
        return actions.record_session(m, actor=world.clerk, **{**args, **kw})

    refused("place_required", lambda: session(place=""))
    refused("minutes_required", lambda: session(minutes=""))
    refused("attendees_required", lambda: session(attendees=[]))
    refused("session_in_future", lambda: session(held_on=day + dt.timedelta(days=1)))
    refused("session_before_registration", lambda: session(held_on=TODAY - dt.timedelta(days=1)))
    refused("invalid_date", lambda: session(held_on="2026-03-03"))
    other = dispute(world.clerk)
    refused("attendee_not_party", lambda: session(attendees=[other.parties.all()[0].pk]))
    refused(
        "permission_denied",
        lambda: actions.record_session(
            m, actor=world.supervisor, held_on=day, place="x", attendees=[p1.pk], minutes="x"
        ),
    )
    s = session()
    m.refresh_from_db()
    assert m.state == MediationState.MEDIATING
    assert list(s.attendees.all()) == [p1]


def test_agreement_needs_every_party(world: Any) -> None:
    """An agreement is concluded only when every party has signed."""
    m = dispute(world.clerk)
    refused("mediation_not_mediating", lambda: drafted(world.clerk, m))
    m = mediated(world.clerk, m)
    refused(
        "agreement_required",
        lambda: actions.sign(m, actor=world.clerk, parties=[m.parties.all()[0]], now=later(2)),
    )
    refused("agreement_required", lambda: actions.conclude(m, actor=world.clerk, now=later(2)))
    a = drafted(world.clerk, m)
    assert a.number == "象湖镇调协〔2026〕第001号"
    p1, p2 = m.parties.all()
    refused("party_signature_missing", lambda: actions.conclude(m, actor=world.clerk, now=later(2, 1)))
    actions.sign(m, actor=world.clerk, parties=[p1], now=later(2, 1))
    err = refused("party_signature_missing", lambda: actions.conclude(m, actor=world.clerk, now=later(2, 1)))
    assert "李小河" in str(err.message) and "张大山" not in str(err.message)
    refused("already_signed", lambda: actions.sign(m, actor=world.clerk, parties=[p1], now=later(2, 2)))
    refused("agreement_signed", lambda: drafted(world.clerk, m, day=2))
    other = dispute(world.clerk)
    refused(
        "party_not_found",
        lambda: actions.sign(m, actor=world.clerk, parties=[other.parties.all()[0]], now=later(2, 2)),
    )
    refused("signer_required", lambda: actions.sign(m, actor=world.clerk, parties=[], now=later(2, 2)))
    refused(
        "invalid_signed_at",
        lambda: actions.sign(m, actor=world.clerk, parties=[p2], signed_at=later(3), now=later(2, 2)),
    )
    refused(
        "invalid_signed_at",
        lambda: actions.sign(m, actor=world.clerk, parties=[p2], signed_at=later(1), now=later(2, 2)),
    )
    actions.sign(m, actor=world.clerk, parties=[p2], now=later(2, 2))
    actions.conclude(m, actor=world.clerk, now=later(2, 3))
    m.refresh_from_db()
    assert m.state == MediationState.AGREED and m.outcome == Outcome.AGREEMENT
    assert m.follow_up_due == TODAY + dt.timedelta(days=2 + 15)
    refused("mediation_not_mediating", lambda: actions.conclude(m, actor=world.clerk, now=later(2, 4)))
    refused(
        "mediation_not_open",
        lambda: actions.close(m, actor=world.clerk, outcome="no_agreement", now=later(3)),
    )


def test_draft_checked_and_rewritable_before_signing(world: Any) -> None:
    m = mediated(world.clerk, dispute(world.clerk))

    def draft(**kw: Any) -> Any:
        args = {
            "content": "c",
            "performance_method": "现金",
            "performance_deadline": TODAY + dt.timedelta(days=9),
        }
        return actions.draft_agreement(m, actor=world.clerk, now=later(2), **{**args, **kw})

    refused("content_required", lambda: draft(content=""))
    refused("performance_method_required", lambda: draft(performance_method=""))
    refused("performance_deadline_past", lambda: draft(performance_deadline=TODAY))
    first = draft()
    again = draft(content="改写后的内容")
    assert again.pk == first.pk and again.number == first.number and again.content == "改写后的内容"


def _agreed(world: Any) -> Any:
    m = mediated(world.clerk, dispute(world.clerk))
    drafted(world.clerk, m)
    actions.sign(m, actor=world.clerk, parties=list(m.parties.all()), now=later(2, 1))
    return actions.conclude(m, actor=world.clerk, now=later(2, 2))


def test_follow_up_visit_closes(world: Any) -> None:
    """第三十一条: 人民调解委员会应当对调解协议的履行情况进行监督."""
    m = _agreed(world)
    refused(
        "invalid_performance",
        lambda: actions.follow_up(m, actor=world.clerk, performance="maybe", note="x", now=later(10)),
    )
    refused(
        "follow_up_note_required",
        lambda: actions.follow_up(m, actor=world.clerk, performance="kept", note="", now=later(10)),
    )
    refused(
        "invalid_visit_date",
        lambda: actions.follow_up(
            m, actor=world.clerk, performance="kept", note="x", visited_on=TODAY, now=later(10)
        ),
    )
    actions.follow_up(m, actor=world.clerk, performance="kept", note="围墙已砌好，费用已付。", now=later(10))
    m.refresh_from_db()
    assert m.state == MediationState.CLOSED and m.performance == Performance.KEPT
    refused(
        "not_awaiting_follow_up",
        lambda: actions.follow_up(m, actor=world.clerk, performance="kept", note="x", now=later(11)),
    )


def test_no_agreement_and_referral(world: Any) -> None:
    """第二十六条: 调解不成的，应当终止调解 … 告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利."""
    m = mediated(world.clerk, dispute(world.clerk))
    refused("invalid_outcome", lambda: actions.close(m, actor=world.clerk, outcome="agreement", now=later(3)))
    refused("invalid_outcome", lambda: actions.close(m, actor=world.clerk, outcome="", now=later(3)))
    refused(
        "referral_body_required",
        lambda: actions.close(m, actor=world.clerk, outcome="referred", now=later(3)),
    )
    refused(
        "referral_body_required",
        lambda: actions.close(m, actor=world.clerk, outcome="referred", referred_to="court", now=later(3)),
    )
    actions.close(
        m,
        actor=world.clerk,
        outcome="referred",
        referred_to="court",
        referred_body="瑞金市人民法院",
        now=later(3),
    )
    m.refresh_from_db()
    assert (m.state, m.outcome, m.referred_body) == (
        MediationState.CLOSED,
        Outcome.REFERRED,
        "瑞金市人民法院",
    )
    n = dispute(world.clerk)
    actions.close(n, actor=world.clerk, outcome="no_agreement", note="被申请人拒绝调解", now=later(1))
    n.refresh_from_db()
    assert n.outcome == Outcome.NO_AGREEMENT and n.ended_on == TODAY + dt.timedelta(days=1)
