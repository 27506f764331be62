"""The plain-SQL life of the bench must keep sending what the actions send, step by step: when an action
gains or loses a statement, this fails until ``bench/equal_work.py`` follows, so the baseline the actions
are measured against cannot drift away from them unnoticed."""

from __future__ import annotations

import bench_cases
import equal_work
import pytest


@pytest.fixture
def world(db, settings):  # noqa: ANN001, ANN201
    # The calendar's freshness check is a statement of its own every few seconds; count none in either life.
    settings.BIANMIN = {**settings.BIANMIN, "CALENDAR_RECHECK_SECONDS": 3600}
    return bench_cases.world()


def test_the_plain_sql_life_sends_as_many_statements_per_step_as_the_actions(world):
    # given one life through the actions (it warms the caches both lives use, and issues the notices whose
    # HTML the plain-SQL life copies)
    equal_work.action_life(world)
    sql = equal_work.SqlLife(world)
    sql.life()
    # when both lives are counted step by step
    by_actions = equal_work.statements_per_step(lambda step: equal_work.action_life(world, step))
    by_sql = equal_work.statements_per_step(sql.life)
    # then every step sends the same number of statements
    assert list(by_actions) == list(equal_work.STEPS)
    assert by_sql == by_actions


def test_the_plain_sql_life_leaves_the_case_as_the_actions_do(world):
    """Same end state, same chain: an archived case with eight events whose hashes link up."""
    from bianmin.cases.models import Case
    from bianmin.lib.hashchain import GENESIS

    equal_work.action_life(world)
    by_actions = Case.objects.get(number=equal_work.action_life(world))
    by_sql = Case.objects.get(number=equal_work.SqlLife(world).life())
    for case in (by_actions, by_sql):
        events = list(case.events.order_by("seq"))
        assert case.state == "archived"
        assert [e.seq for e in events] == list(range(1, 9))
        assert [e.prev_hash for e in events] == [GENESIS] + [e.hash for e in events[:-1]]
        assert case.last_hash == events[-1].hash
        assert case.notices.count() == 3
        assert not case.materials.filter(mandatory=True, received=False).exists()
