"""登记纠纷: two or more parties, validated ID numbers, the channel, the center's own numbering and the
time limit. Seeds: 000 篇1 (the village room takes 民事纠纷调解类), the Ruijin standard's 治安调解窗口 (000,
after 篇8), 000 篇9 (赶场日 "调解纠纷")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.conftest import UserFactory
from bianmin.lib.errors import DomainError
from bianmin.mediation import actions
from bianmin.mediation.models import EventType, MediationChannel, MediationState
from bianmin.mediation.tests.conftest import MONDAY, TODAY, dispute, two_parties
from bianmin.outreach.models import MarketDay

pytestmark = pytest.mark.django_db


def refused(code: str, call: Any) -> DomainError:
    with pytest.raises(DomainError) as err:
        call()
    assert err.value.code == code, err.value
    return err.value


def test_registered_at_the_window_numbered_per_center_and_year(world: Any) -> None:
    """Its own number per center and year (象湖镇调〔2026〕第001号), due 30 calendar days later."""
    first = dispute(world.clerk)
    second = dispute(world.handler)
    other = dispute(world.clerk2)
    assert first.number == "象湖镇调〔2026〕第001号"
    assert second.number == "象湖镇调〔2026〕第002号"
    assert other.number == "壬田镇调〔2026〕第001号"
    assert first.channel == MediationChannel.WINDOW and first.state == MediationState.REGISTERED
    assert first.due_on == TODAY + dt.timedelta(days=30)
    assert list(first.mediators.all()) == [world.clerk.staff]
    assert first.events.get().type == EventType.REGISTERED
    next_year = dispute(world.clerk, now=MONDAY.replace(year=2027))
    assert next_year.number == "象湖镇调〔2027〕第001号"


def test_a_dispute_needs_two_parties(world: Any) -> None:
    """Issue 14: "the parties (two or more)"."""
    refused("parties_required", lambda: dispute(world.clerk, parties=two_parties()[:1]))
    refused("parties_required", lambda: dispute(world.clerk, parties=[]))


def test_party_details_checked(world: Any) -> None:
    bad_id = two_parties(id_number="110105194912310021")
    refused("invalid_id_number", lambda: dispute(world.clerk, parties=bad_id))
    same = two_parties()
    same[1]["id_number"] = same[0]["id_number"]
    refused("duplicate_party", lambda: dispute(world.clerk, parties=same))
    refused("invalid_phone", lambda: dispute(world.clerk, parties=two_parties(phone="12")))
    refused("party_name_required", lambda: dispute(world.clerk, parties=two_parties(name=" ")))
    refused("invalid_party_role", lambda: dispute(world.clerk, parties=two_parties(role="judge")))
    refused("invalid_kind", lambda: dispute(world.clerk, kind="war"))
    refused("title_required", lambda: dispute(world.clerk, title=""))
    refused("facts_required", lambda: dispute(world.clerk, facts=""))
    refused("text_too_long", lambda: dispute(world.clerk, title="界" * 101))
    refused("too_many_parties", lambda: dispute(world.clerk, parties=two_parties() * 11))


def test_agent_registers_at_the_station(world: Any) -> None:
    """000 篇1: the village room mediates 邻里乡亲、家庭成员抚(赡)养、继承、债务、交通等民事纠纷."""
    m = dispute(world.agent, kind="neighbour")
    assert m.org == world.town and m.station == world.village
    assert m.channel == MediationChannel.STATION
    assert m.number.startswith("象湖镇调")
    refused("invalid_channel", lambda: dispute(world.clerk, channel=MediationChannel.STATION))
    refused("invalid_channel", lambda: dispute(world.clerk, channel="phone"))


def test_registered_on_a_market_day(world: Any) -> None:
    """000 篇9: 利用赶场日集中为民办事、答疑解惑、调解纠纷."""
    refused("market_day_not_found", lambda: dispute(world.clerk, channel=MediationChannel.MARKET_DAY))
    event = MarketDay.objects.create(org=world.town, date=TODAY, place="象湖场", scheduled_at=MONDAY)
    m = dispute(world.clerk, channel=MediationChannel.MARKET_DAY)
    assert m.market_day == event
    refused("market_day_channel", lambda: dispute(world.clerk, market_day=event.pk))
    elsewhere = MarketDay.objects.create(org=world.town2, date=TODAY, place="壬田场", scheduled_at=MONDAY)
    refused(
        "market_day_not_found",
        lambda: dispute(world.clerk, channel=MediationChannel.MARKET_DAY, market_day=elsewhere.pk),
    )


def test_who_registers_and_mediates(world: Any) -> None:
    refused("permission_denied", lambda: dispute(world.supervisor))
    refused("permission_denied", lambda: dispute(world.county_admin))
    root = UserFactory(username="root", is_superuser=True)  # every right, but no center
    refused("not_center_staff", lambda: dispute(root))
    refused("mediator_not_of_center", lambda: dispute(world.clerk, mediators=[world.clerk2.staff.pk]))
    m = dispute(world.clerk, mediators=[world.handler.staff, world.agent.staff.pk])
    assert set(m.mediators.all()) == {world.handler.staff, world.agent.staff}


def test_extension_once_with_a_reason_before_the_limit(world: Any) -> None:
    """人民调解 has no fixed term; local rules use 30 days, extended once with a reason by a leader."""
    m = dispute(world.clerk)
    refused(
        "permission_denied",
        lambda: actions.extend(m, actor=world.clerk, days=10, reason="等待鉴定", now=MONDAY),
    )
    refused("reason_required", lambda: actions.extend(m, actor=world.leader, days=10, reason="", now=MONDAY))
    refused(
        "invalid_extension_days",
        lambda: actions.extend(m, actor=world.leader, days=31, reason="x", now=MONDAY),
    )
    late = MONDAY + dt.timedelta(days=31)
    refused(
        "extension_after_limit", lambda: actions.extend(m, actor=world.leader, days=5, reason="x", now=late)
    )
    actions.extend(m, actor=world.leader, days=10, reason="等待土地确权资料", now=MONDAY)
    m.refresh_from_db()
    assert m.due_on == TODAY + dt.timedelta(days=40)
    refused(
        "already_extended", lambda: actions.extend(m, actor=world.director, days=5, reason="x", now=MONDAY)
    )


def test_out_of_scope_is_not_found(world: Any) -> None:
    m = dispute(world.clerk)
    refused(
        "mediation_not_found",
        lambda: actions.close(m, actor=world.clerk2, outcome="no_agreement", now=MONDAY),
    )
    # the agent sees only the station's mediations
    refused(
        "mediation_not_found",
        lambda: actions.close(m, actor=world.agent, outcome="no_agreement", now=MONDAY),
    )
