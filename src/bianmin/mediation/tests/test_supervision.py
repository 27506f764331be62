"""The supervision board's warnings (open mediations near or past their limit, follow-up visits overdue) and
the reports' counts. Local rules give mediation 30 days (人民调解法 sets no term); 第三十一条: the committee
watches over the agreement's performance (回访)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template import Context, Template

from bianmin.mediation import actions, selectors
from bianmin.mediation.tests.conftest import MONDAY, TODAY, dispute, drafted, later, mediated

pytestmark = pytest.mark.django_db


def _agreed(world: Any) -> Any:
    m = mediated(world.clerk, dispute(world.clerk, title="已达成协议"))
    drafted(world.clerk, m)
    actions.sign(m, actor=world.clerk, parties=list(m.parties.all()), now=later(2, 1))
    return actions.conclude(m, actor=world.clerk, now=later(2, 2))


def test_due_warnings(world: Any) -> None:
    late = dispute(world.clerk, title="超期未结", now=MONDAY - dt.timedelta(days=31))
    near = dispute(world.agent, title="即将到期", now=MONDAY - dt.timedelta(days=28))
    dispute(world.clerk, title="刚登记")
    closed = dispute(world.clerk, title="已结案", now=MONDAY - dt.timedelta(days=40))
    actions.close(closed, actor=world.clerk, outcome="no_agreement", now=MONDAY - dt.timedelta(days=39))
    agreed = _agreed(world)
    dispute(world.clerk2, title="外镇超期", now=MONDAY - dt.timedelta(days=40))
    today = TODAY + dt.timedelta(days=2)  # MONDAY's limits moved on two days
    warnings = selectors.due_warnings([world.town.pk], today)
    assert [(w.mediation.title, w.what, w.days) for w in warnings] == [
        ("超期未结", "overdue", 3),
        ("即将到期", "near", 0),
    ]
    # the follow-up visit is due 15 days after the agreement took effect (4 March)
    after = TODAY + dt.timedelta(days=2 + 15 + 1)
    lines = {(w.mediation.pk, w.what) for w in selectors.due_warnings([world.town.pk], after)}
    assert (
        (agreed.pk, "follow_up_overdue") in lines
        and (near.pk, "overdue") in lines
        and (late.pk, "overdue") in lines
    )
    assert selectors.due_warnings([world.village.pk], today)[0].mediation == near  # the agent's station


def test_board_panel(world: Any) -> None:
    dispute(world.clerk, title="超期未结", now=MONDAY - dt.timedelta(days=31))
    html = Template("{% load mediation_tags %}{% mediation_board_panel user today %}").render(
        Context({"user": world.supervisor, "today": TODAY})
    )
    assert "超期未结" in html and "调解已超期 1 天" in html
    empty = Template("{% load mediation_tags %}{% mediation_board_panel user today %}").render(
        Context({"user": world.clerk2, "today": TODAY})
    )
    assert "没有临近或超过期限的调解" in empty


def test_counts(world: Any) -> None:
    _agreed(world)
    referred = dispute(world.clerk)
    actions.close(
        referred,
        actor=world.clerk,
        outcome="referred",
        referred_to="petition",
        referred_body="瑞金市信访局",
        now=later(3),
    )
    dispute(world.clerk2)
    ids = [world.town.pk, world.town2.pk]
    end = TODAY + dt.timedelta(days=10)
    assert selectors.counts(ids, TODAY, end) == {
        (): {"mediations": 3, "mediation_agreements": 1, "mediations_referred": 1}
    }
    assert selectors.counts(ids, TODAY, end, by="org") == {
        (world.town.pk,): {"mediations": 2, "mediation_agreements": 1, "mediations_referred": 1},
        (world.town2.pk,): {"mediations": 1, "mediation_agreements": 0, "mediations_referred": 0},
    }
    # the agreement took effect on the 4th, the referral on the 5th
    assert selectors.counts(ids, TODAY + dt.timedelta(days=3), end) == {
        (): {"mediations": 0, "mediation_agreements": 0, "mediations_referred": 1}
    }
    assert selectors.counts(ids, end, TODAY) == {}
    with pytest.raises(ValueError):
        selectors.counts(ids, TODAY, end, by="window")


def test_the_supervision_board_shows_the_mediations_past_their_limit(world: Any, client: Any) -> None:
    # given a dispute registered 40 days ago and still open (the 30 days' limit passed)
    dispute(world.clerk, title="超期未结的地界纠纷", now=dt.datetime.now(dt.UTC) - dt.timedelta(days=40))
    # when the supervisor opens the board, the mediation panel lists it
    client.force_login(world.supervisor)
    page = client.get("/counter/supervision/").content.decode()
    assert "矛盾纠纷调解期限" in page and "超期未结的地界纠纷" in page
