"""Market-day service (赶场服务) as the seeds state it: 000 篇9 (熊家镇干部赶场“面对面”便民服务) and 001."""

from __future__ import annotations

import datetime as dt

import pytest

from bianmin.cases import actions as case_actions
from bianmin.cases.models import Case, Channel
from bianmin.conftest import at, person
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Window
from bianmin.outreach import actions, selectors
from bianmin.outreach.filters import MarketDayFilter
from bianmin.outreach.models import MarketDay, MarketDayState, OutreachCase
from bianmin.outreach.tests.conftest import (
    ALL_MANDATORY,
    MARKET_MORNING,
    event_on,
    on_site,
    staff,
)


def refused(code: str, call, *args, **kwargs) -> DomainError:  # noqa: ANN001
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value
    return caught.value


def staffing_of(world, event) -> selectors.Staffing:  # noqa: ANN001
    row = selectors.market_day_for(world.leader, event.pk)
    assert row is not None
    return selectors.staffing(row)


# ---------------------------------------------------------------------------------------------- schedule


def test_a_month_is_scheduled_on_the_centers_market_days(town):
    """000 篇9: 熊家場便民服務站為每月的5日、15日、25日 — the month gets an event on each of them."""
    # given 象湖镇's market days 5, 15, 25, on 1 March
    # when director Wu schedules March
    created = actions.schedule_month(town.town, 2026, 3, actor=town.director, now=at(2026, 3, 1, 9))
    # then three events, 8:00 until the market ends, at the center's place
    assert [e.date for e in created] == [dt.date(2026, 3, 5), dt.date(2026, 3, 15), dt.date(2026, 3, 25)]
    assert {(e.starts_at, e.ends_at, e.place) for e in created} == {(dt.time(8, 0), None, "象湖镇")}


def test_scheduling_a_month_twice_adds_nothing(town):
    """Idempotent: a second run, or a run after a day was planned by hand, leaves the days as they are."""
    event_on(town, dt.date(2026, 3, 15), place="熊家场")
    actions.schedule_month(town.town, 2026, 3, actor=town.director, now=at(2026, 3, 1, 9))
    again = actions.schedule_month(town.town, 2026, 3, actor=town.director, now=at(2026, 3, 1, 9))
    assert again == []
    assert sorted(MarketDay.objects.filter(org=town.town).values_list("date", "place")) == [
        (dt.date(2026, 3, 5), "熊家场"),  # the latest place planned is the center's usual place
        (dt.date(2026, 3, 15), "熊家场"),
        (dt.date(2026, 3, 25), "熊家场"),
    ]


def test_days_a_month_does_not_have_are_skipped(town):
    """A market on the 31st has no day in April, nor the 29th and 30th in February 2026."""
    town.town.market_days = [10, 29, 30, 31]
    town.town.save()
    april = actions.schedule_month(town.town, 2026, 4, actor=town.director, now=at(2026, 3, 1, 9))
    february = actions.market_dates(town.town, 2027, 2)
    assert [e.date.day for e in april] == [10, 29, 30]
    assert [d.day for d in february] == [10]


def test_days_already_past_are_not_scheduled(town):
    """Scheduling March on the 10th plans the 15th and the 25th, not the 5th that is over."""
    created = actions.schedule_month(town.town, 2026, 3, actor=town.director, now=at(2026, 3, 10, 9))
    assert [e.date.day for e in created] == [15, 25]


def test_scheduling_is_refused_without_market_days_or_the_right(town):
    # clerk Li plans nothing: 带班领导 and 中心主任 do
    refused(
        "permission_denied", actions.schedule_month, town.town, 2026, 3, actor=town.clerk, now=MARKET_MORNING
    )
    town.town2.market_days = []
    town.town2.save()
    refused("no_market_days", actions.schedule_month, town.town2, 2026, 3, now=MARKET_MORNING)
    refused("invalid_month", actions.schedule_month, town.town, 2026, 13, now=MARKET_MORNING)


def test_a_single_event_is_planned_for_a_day_to_come_at_a_free_place(town):
    event_on(town)
    refused("market_day_exists", event_on, town)
    refused("market_day_in_past", event_on, town, dt.date(2026, 2, 25))
    refused("place_required", event_on, town, dt.date(2026, 3, 15), place="  ")


def test_only_the_centers_own_staff_are_sent(town):
    """The team and the leader are staff of the center; 壬田镇's clerk is not on 象湖镇's team."""
    refused("staff_not_of_center", event_on, town, team=(town.clerk, town.clerk2))
    refused("staff_not_of_center", event_on, town, leader=town.clerk2)


def test_another_town_cannot_plan_our_market_day(town):
    """Out of scope is not found, for actions as for pages."""
    event = event_on(town)
    rentian_director = town.clerk2
    rentian_director.groups.add(*town.director.groups.all())
    rentian_director._bianmin_roles = None
    refused("market_day_not_found", actions.plan_market_day, event, actor=rentian_director, place="x")


# ---------------------------------------------------------------------------------------------- staffing


def test_a_team_smaller_than_the_open_windows_is_a_staffing_gap(town):
    """001: 便民服务中心窗口逢场日应全部在岗 — 象湖镇 has three open windows; leader Zhou and clerk Li are two."""
    event = event_on(town, team=(town.clerk,), leader=town.leader)
    s = staffing_of(town, event)
    assert (s.on_post, s.windows, s.gap) == (2, 3, 1)


def test_with_every_window_covered_there_is_no_gap(town):
    event = event_on(town, team=(town.clerk, town.handler, town.forester), leader=town.leader)
    assert staffing_of(town, event).gap == 0


def test_the_leader_in_the_team_counts_once_and_a_closed_window_not_at_all(town):
    # given the leader also listed in the team, and window 林业 closed
    Window.objects.filter(pk=town.ly.pk).update(active=False)
    event = event_on(town, team=(town.clerk, town.leader), leader=town.leader)
    s = staffing_of(town, event)
    # then two on post against two open windows
    assert (s.on_post, s.windows, s.gap) == (2, 2, 0)


def test_the_list_filters_by_staffing_gap(town):
    short = event_on(town, team=(town.clerk,))
    full = event_on(town, dt.date(2026, 3, 15), team=(town.clerk, town.handler, town.forester))
    events = selectors.market_days(town.leader)
    gap = MarketDayFilter({"staffing_gap": "true"}, queryset=events).qs
    no_gap = MarketDayFilter({"staffing_gap": "false"}, queryset=events).qs
    assert list(gap) == [short]
    assert list(no_gap) == [full]


# ---------------------------------------------------------------------------------------------- on site


def test_a_case_registered_on_site_carries_the_market_day_and_is_linked(town):
    """000 篇9: 對羣眾要求辦理的事項…詳細登記 — at the stall the case is registered like at a window, and
    the event knows it."""
    event = event_on(town, team=(town.clerk,), leader=town.leader)
    case = on_site(town, event).case
    assert case.channel == Channel.MARKET_DAY
    assert OutreachCase.objects.get(case=case).market_day == event
    assert selectors.market_day_for(town.leader, event.pk).matters_registered == 1


def test_registering_on_site_is_one_transaction(town):
    """A registration refused by the case rules (a wrong ID number) leaves neither a case nor a link."""
    event = event_on(town)
    refused("invalid_id_number", on_site, town, event, id_number="110105194912310021")
    assert not Case.objects.exists()
    assert not OutreachCase.objects.exists()


def test_only_on_the_day_and_before_the_market_ends(town):
    event = event_on(town, leader=town.leader)
    refused("not_market_day_today", on_site, town, event, now=at(2026, 3, 4, 9))
    actions.end_market_day(event, actor=town.clerk, ends_at=dt.time(12, 30), now=MARKET_MORNING)
    refused("market_day_ended", on_site, town, event, now=at(2026, 3, 5, 13))


def test_only_the_centers_staff_register_at_its_stall(town):
    """The county's admin sees the town's market day but registers no case of the town there."""
    event = event_on(town)
    refused("not_center_staff", on_site, town, event, clerk=town.county_admin)
    refused("market_day_not_found", on_site, town, event, clerk=town.clerk2)


def test_a_retried_form_registers_and_links_once(town):
    event = event_on(town)
    key = case_actions.form_idempotency(f"user:{town.clerk.pk}", "token-1")
    first = actions.register_on_market_day(
        event, actor=town.clerk, item_code="MZ001", applicant=person(), idempotency=key, now=MARKET_MORNING
    )
    again = actions.register_on_market_day(
        event, actor=town.clerk, item_code="MZ001", applicant=person(), idempotency=key, now=MARKET_MORNING
    )
    assert again.replayed and again.case.pk == first.case.pk
    assert OutreachCase.objects.count() == 1


# ---------------------------------------------------------------------------------------------- the log


def test_the_log_counts_what_the_day_did_and_registered_matters_come_from_the_cases(town):
    """000 篇9: 利用趕場日集中為民辦事、答疑解惑、調解糾紛…加強跟蹤回訪 — and 活動日誌規範."""
    event = event_on(town, leader=town.leader)
    on_site(town, event)
    on_site(town, event, name="李四")
    actions.record_log(
        event,
        actor=town.clerk,
        people_served=40,
        consultations=12,
        disputes_mediated=1,
        follow_up_visits=3,
        note="宣传低保政策，调解宅基地边界纠纷一起",
        now=at(2026, 3, 5, 11),
    )
    row = selectors.market_day_for(town.leader, event.pk)
    assert (row.people_served, row.consultations, row.disputes_mediated, row.follow_up_visits) == (
        40,
        12,
        1,
        3,
    )
    assert row.matters_registered == 2


def test_the_log_is_not_kept_before_the_day_nor_with_wrong_counts(town):
    event = event_on(town, dt.date(2026, 3, 15))
    counts = {"people_served": 1, "consultations": 0, "disputes_mediated": 0, "follow_up_visits": 0}
    refused(
        "market_day_not_started", actions.record_log, event, actor=town.clerk, now=MARKET_MORNING, **counts
    )
    today = event_on(town)
    refused(
        "invalid_count",
        actions.record_log,
        today,
        actor=town.clerk,
        now=MARKET_MORNING,
        **{**counts, "people_served": -1},
    )
    refused(
        "permission_denied", actions.record_log, today, actor=town.supervisor, now=MARKET_MORNING, **counts
    )


def test_ending_records_the_end_time_and_closes_the_log(town):
    """000 篇9: 服務時間為上午8:00至散場為止 — the end is recorded when the market ends."""
    event = event_on(town, leader=town.leader)
    ended = actions.end_market_day(event, actor=town.clerk, now=at(2026, 3, 5, 12, 40))
    assert ended.state == MarketDayState.ENDED and ended.ends_at == dt.time(12, 40)
    refused(
        "market_day_ended",
        actions.record_log,
        event,
        actor=town.clerk,
        people_served=1,
        consultations=0,
        disputes_mediated=0,
        follow_up_visits=0,
        now=at(2026, 3, 5, 13),
    )


def test_an_event_ends_only_with_its_leader_in_charge(town):
    """000 篇9: 每次便民服務活動必須有一名帶隊領導."""
    event = event_on(town)
    refused("leader_required", actions.end_market_day, event, actor=town.clerk, now=at(2026, 3, 5, 12))
    actions.plan_market_day(
        event, actor=town.leader, place="熊家场", leader=staff(town.leader), now=MARKET_MORNING
    )
    assert (
        actions.end_market_day(event, actor=town.clerk, now=at(2026, 3, 5, 12)).state == MarketDayState.ENDED
    )


def test_ending_later_needs_the_end_time_after_the_start(town):
    event = event_on(town, leader=town.leader)
    refused("end_time_required", actions.end_market_day, event, actor=town.clerk, now=at(2026, 3, 6, 9))
    refused(
        "end_before_start",
        actions.end_market_day,
        event,
        actor=town.clerk,
        ends_at=dt.time(7, 30),
        now=at(2026, 3, 6, 9),
    )


def test_an_event_with_cases_cannot_be_cancelled(town):
    event = event_on(town)
    on_site(town, event)
    refused("market_day_has_cases", actions.cancel_market_day, event, actor=town.leader, reason="下雨散场")
    quiet = event_on(town, dt.date(2026, 3, 15))
    refused("reason_required", actions.cancel_market_day, quiet, actor=town.leader, reason=" ")
    cancelled = actions.cancel_market_day(
        quiet, actor=town.leader, reason="暴雨，集市停市", now=MARKET_MORNING
    )
    assert cancelled.state == MarketDayState.CANCELLED
    refused("market_day_cancelled", actions.plan_market_day, quiet, actor=town.leader, place="熊家场")


def test_the_materials_received_on_site_are_on_the_case(town):
    event = event_on(town)
    case = on_site(town, event).case
    assert sorted(m.name for m in case.materials.filter(received=True)) == sorted(ALL_MANDATORY)
