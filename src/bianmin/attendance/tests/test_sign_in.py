"""Signing in twice a working day (000 篇8: 上午、下午两次签到) and trips out (003 太湖乡: 中途外出注明事由)."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.attendance import actions
from bianmin.attendance.models import SignIn, Trip
from bianmin.attendance.selectors_cover import Presence, moment_at
from bianmin.conftest import at
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import OfficeHours, Staff, Whereabouts


def test_sign_in_morning_then_afternoon(world: Any) -> None:
    first = actions.sign_in(world.clerk, at(2026, 3, 2, 7, 58))
    second = actions.sign_in(world.clerk, at(2026, 3, 2, 13, 0))  # over lunch: the afternoon's, early
    assert (first.session, second.session) == ("am", "pm")
    with pytest.raises(DomainError) as twice:
        actions.sign_in(world.clerk, at(2026, 3, 2, 14, 0))
    assert twice.value.code == "already_signed_in"
    with pytest.raises(DomainError) as late:
        actions.sign_in(world.clerk, at(2026, 3, 2, 18, 0))
    assert late.value.code == "sessions_over"


def test_sign_in_on_a_tiaoxiu_saturday_is_a_working_day(world: Any) -> None:
    """Saturday 10 Oct 2026 is worked for 国庆 (调休); Sunday 11 Oct is not."""
    row = actions.sign_in(world.clerk, at(2026, 10, 10, 7, 59))
    assert row.day.isoformat() == "2026-10-10"
    with pytest.raises(DomainError) as sunday:
        actions.sign_in(world.clerk, at(2026, 10, 11, 7, 59))
    assert sunday.value.code == "not_workday"


def test_summer_afternoon_hours_decide_the_session(world: Any) -> None:
    """003's summer hours: from 5月1日 the afternoon runs 15:00-18:00, so 17:45 still signs in (late)."""
    OfficeHours.objects.create(
        org=world.town,
        name="夏季",
        season_start="05-01",
        season_end="09-30",
        afternoon_start=at(2026, 6, 1, 15, 0).time(),
        afternoon_end=at(2026, 6, 1, 18, 0).time(),
    )
    assert actions.sign_in(world.clerk, at(2026, 6, 1, 17, 45)).session == "pm"


def test_sign_out_and_trip_set_the_record_and_the_board(world: Any) -> None:
    actions.sign_in(world.clerk, at(2026, 3, 2, 7, 58))
    with pytest.raises(DomainError) as no_reason:
        actions.start_trip(world.clerk, "  ", at(2026, 3, 2, 9, 0))
    assert no_reason.value.code == "reason_required"
    actions.start_trip(world.clerk, "入户核查低保", at(2026, 3, 2, 9, 0))
    staff = Staff.objects.get(user=world.clerk)
    # the board reads the open trip itself; the hand-typed whereabouts is left to the admin
    assert staff.whereabouts == Whereabouts.ON_DUTY
    assert moment_at(world.town, [staff], at(2026, 3, 2, 9, 30)).presence[staff.pk] == Presence(
        "out", "外出", "入户核查低保"
    )
    actions.end_trip(world.clerk, at(2026, 3, 2, 10, 0))
    assert Trip.objects.get().ended_at == at(2026, 3, 2, 10, 0)
    assert moment_at(world.town, [staff], at(2026, 3, 2, 10, 5)).presence[staff.pk].state == "on_duty"
    actions.sign_out(world.clerk, at(2026, 3, 2, 11, 30))
    assert SignIn.objects.get(session="am").signed_out_at == at(2026, 3, 2, 11, 30)


def test_a_user_without_staff_record_cannot_sign_in(world: Any) -> None:
    from bianmin.conftest import UserFactory

    nobody = UserFactory(username="nobody")
    with pytest.raises(DomainError) as refused:
        actions.sign_in(nobody, at(2026, 3, 2, 8, 0))
    assert refused.value.code == "permission_denied"


def test_two_sign_ins_at_once_make_one_row(world: Any, transactional_db: Any) -> None:
    """Two clicks at once (two devices): one sign-in, the other refused, never two rows or a 500."""
    import threading

    from django.db import connection

    results: list[str] = []
    barrier = threading.Barrier(2)

    def click() -> None:
        barrier.wait()
        try:
            actions.sign_in(world.clerk, at(2026, 3, 2, 7, 58))
            results.append("ok")
        except DomainError as refused:
            results.append(refused.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["already_signed_in", "ok"]
    assert SignIn.objects.filter(staff__user=world.clerk).count() == 1
