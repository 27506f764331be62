"""公告 (民生信息): what a hall shows and how a notice is written, published and withdrawn.

Issue 13 item 6, after 001 "定期公布…民生信息": a center publishes notices with a validity period; they show
on the hall page, the screen's ticker and the village station's page. A county's notice shows on its towns.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.bulletins import actions, selectors
from bianmin.bulletins.models import BulletinState
from bianmin.bulletins.tests.conftest import NOW, TODAY, notice
from bianmin.conftest import at, make_staff
from bianmin.lib.errors import DomainError
from bianmin.orgs.roles import Role


def titles(org: Any, today: dt.date = TODAY) -> list[str]:
    return [b.title for b in selectors.current(org, today)]


def test_current_shows_the_org_and_county_pinned_first(world: Any) -> None:
    """001: the town's hall shows its own notices and the county's, pinned first, then the newest."""
    # given a county notice, a pinned town notice, a newer town notice and one of 壬田镇
    notice(
        world,
        org=world.county,
        actor=world.county_admin,
        publisher=world.county_admin,
        title="县:医保缴费",
        kind="policy",
        valid_from=TODAY - dt.timedelta(days=3),
    )
    notice(world, title="镇:国庆放假", pinned=True, valid_from=TODAY - dt.timedelta(days=5))
    notice(world, title="镇:赶场改期", kind="market_day", valid_from=TODAY - dt.timedelta(days=1))
    notice(world, org=world.town2, actor=world.clerk2, publisher=world.county_admin, title="壬田:停水")
    # then 象湖镇 shows the pinned one first, none of 壬田镇's
    shown = titles(world.town)
    assert shown[0] == "镇:国庆放假"
    assert set(shown) == {"县:医保缴费", "镇:国庆放假", "镇:赶场改期"}
    assert shown.index("镇:赶场改期") < shown.index("县:医保缴费")  # newer first after the pinned
    # the village station shows its town's and county's; the county only its own
    assert set(titles(world.village)) == set(shown)
    assert titles(world.county) == ["县:医保缴费"]
    assert titles(world.town2) == ["壬田:停水", "县:医保缴费"]


def test_current_is_only_what_is_valid_today_and_published(world: Any) -> None:
    """A notice is shown only inside its validity period and only while published."""
    notice(
        world,
        title="已过期",
        valid_from=TODAY - dt.timedelta(days=30),
        valid_until=TODAY - dt.timedelta(days=1),
        now=NOW - dt.timedelta(days=30),
    )
    notice(world, title="未生效", valid_from=TODAY + dt.timedelta(days=1))
    notice(world, title="草稿", publish=False)
    notice(world, title="长期", valid_until=None)
    ends_today = notice(world, title="今日截止", valid_until=TODAY)
    assert set(titles(world.town)) == {"长期", "今日截止"}
    # the next day the one ending today is gone, the one starting then is in
    assert set(titles(world.town, TODAY + dt.timedelta(days=1))) == {"长期", "未生效"}
    actions.withdraw_bulletin(ends_today, actor=world.leader, reason="写错日期", now=NOW)
    assert titles(world.town) == ["长期"]


def test_current_is_one_query(world: Any, django_assert_num_queries: Any) -> None:
    for i in range(5):
        notice(world, title=f"通知{i}")
    notice(world, org=world.county, actor=world.county_admin, publisher=world.county_admin, title="县")
    with django_assert_num_queries(1):
        shown = selectors.current(world.village, TODAY)
        assert [b.org.name for b in shown]


def test_publish_and_withdraw_record_who_and_when(world: Any) -> None:
    bulletin = notice(world, publish=False)
    assert bulletin.state == BulletinState.DRAFT and bulletin.created_by == world.clerk
    published = actions.publish_bulletin(bulletin, actor=world.leader, now=at(2026, 9, 28, 10))
    assert (published.state, published.published_by, published.published_at) == (
        BulletinState.PUBLISHED,
        world.leader,
        at(2026, 9, 28, 10),
    )
    withdrawn = actions.withdraw_bulletin(
        bulletin, actor=world.director, reason="政策调整", now=at(2026, 9, 29)
    )
    withdrawn.refresh_from_db()
    assert (withdrawn.state, withdrawn.withdrawn_by, withdrawn.withdraw_reason) == (
        BulletinState.WITHDRAWN,
        world.director,
        "政策调整",
    )


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"title": "  "}, "title_required"),
        ({"kind": "gossip"}, "invalid_kind"),
        ({"valid_until": TODAY - dt.timedelta(days=1)}, "invalid_period"),
        ({"valid_from": "2026-09-28"}, "invalid_valid_from"),
        ({"title": "长" * 61}, "text_too_long"),
    ],
)
def test_draft_refusals(world: Any, change: dict[str, Any], code: str) -> None:
    with pytest.raises(DomainError) as refused:
        notice(world, publish=False, **change)
    assert refused.value.code == code


def test_state_refusals(world: Any) -> None:
    bulletin = notice(world)
    with pytest.raises(DomainError) as twice:
        actions.publish_bulletin(bulletin, actor=world.leader, now=NOW)
    assert twice.value.code == "bulletin_not_draft"
    with pytest.raises(DomainError) as edit:
        actions.edit_bulletin(
            bulletin, actor=world.clerk, kind="other", title="改", valid_from=TODAY, now=NOW
        )
    assert edit.value.code == "bulletin_not_draft"
    draft = notice(world, publish=False)
    with pytest.raises(DomainError) as unpublished:
        actions.withdraw_bulletin(draft, actor=world.leader, now=NOW)
    assert unpublished.value.code == "bulletin_not_published"
    actions.withdraw_bulletin(bulletin, actor=world.leader, now=NOW)
    with pytest.raises(DomainError) as again:
        actions.withdraw_bulletin(bulletin, actor=world.leader, now=NOW)
    assert again.value.code == "bulletin_withdrawn"


def test_expired_draft_is_not_published(world: Any) -> None:
    draft = notice(world, publish=False, valid_from=dt.date(2026, 9, 1), valid_until=dt.date(2026, 9, 27))
    with pytest.raises(DomainError) as refused:
        actions.publish_bulletin(draft, actor=world.leader, now=NOW)
    assert refused.value.code == "bulletin_expired"


def test_rights_and_scope(world: Any) -> None:
    """A clerk drafts but does not publish; another town's clerk does not see 象湖镇's notice; a village
    station does not publish."""
    draft = notice(world, publish=False)
    with pytest.raises(DomainError) as clerk:
        actions.publish_bulletin(draft, actor=world.clerk, now=NOW)
    assert clerk.value.code == "permission_denied"
    other_leader = make_staff("sun", world.town2, Role.DUTY_LEADER, "孙带班")
    with pytest.raises(DomainError) as outsider:
        actions.publish_bulletin(draft, actor=other_leader, now=NOW)
    assert outsider.value.code == "bulletin_not_found"
    with pytest.raises(DomainError) as station:
        notice(world, org=world.village, actor=world.county_admin, publish=False)
    assert station.value.code == "not_a_center"
