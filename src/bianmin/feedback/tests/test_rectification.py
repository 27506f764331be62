"""整改 after a 差评. 国办发〔2019〕51号: every 差评 is verified, rectified and the citizen called back, in a period
set locally (15 working days is common: ``BIANMIN_RECTIFICATION_DAYS``). 002 天彭镇: the 督查组 issues a
整改通知书 with a time limit (下发整改通知书，限期整改)."""

from __future__ import annotations

import datetime as dt

import pytest

from bianmin.conftest import at
from bianmin.feedback import rectification as rect_actions
from bianmin.feedback.actions import rate
from bianmin.feedback.models import Rectification, RectificationState
from bianmin.feedback.notice import rectification_html, rectification_pdf
from bianmin.lib.errors import DomainError


def test_a_bad_rating_opens_a_numbered_rectification_due_in_15_working_days(world, case):
    """Rated on Friday 2025-09-26: the 15 working days count the make-up Sunday 09-28 and Saturday 10-11 and
    skip the National Day holiday 10-01..10-08, so the deadline is 2025-10-23 (a plain count of weekdays
    would give 10-17)."""
    rating = rate(case, level=5, comment="窗口无人，等了一个小时", now=at(2025, 9, 26, 15))
    rect = Rectification.objects.get(rating=rating)
    assert rect.deadline == dt.date(2025, 10, 23)
    assert rect.state == RectificationState.OPEN
    assert rect.number == "象湖镇整改〔2025〕0001号"
    assert rect.owner == world.director  # 中心主任 owns it by default
    other = rate(
        case, level=4, comment="取件慢", channel="tablet", occasion="delivery", now=at(2025, 9, 26, 16)
    )
    assert other.rectification.number == "象湖镇整改〔2025〕0002号"


def test_the_period_is_a_setting(world, case, settings):
    settings.BIANMIN = {**settings.BIANMIN, "RECTIFICATION_DAYS": 5}
    rating = rate(case, level=4, comment="态度差", now=at(2025, 9, 26, 15))
    # 09-28 (make-up Sunday), 09-29, 09-30, then 10-09, 10-10
    assert rating.rectification.deadline == dt.date(2025, 10, 10)


@pytest.mark.parametrize("level", [1, 2, 3])
def test_a_good_rating_opens_none(case, level):
    assert not hasattr(rate(case, level=level), "rectification") or not Rectification.objects.exists()
    assert not Rectification.objects.exists()


def test_overdue_is_derived_from_the_date(case):
    rect = rate(case, level=5, comment="差", now=at(2025, 9, 26, 15)).rectification
    assert not rect.is_overdue(dt.date(2025, 10, 23))
    assert rect.is_overdue(dt.date(2025, 10, 24))


def test_measures_then_a_call_then_the_check(world, case):
    """open → rectified (measures) → closed (checked after the citizen was called back)."""
    now = at(2025, 9, 26, 15)
    rect = rate(case, level=5, comment="态度不好", now=now).rectification
    with pytest.raises(DomainError) as err:
        rect_actions.close_rectification(rect, actor=world.supervisor, note="", now=now)
    assert err.value.code == "not_rectified"
    with pytest.raises(DomainError) as err:
        rect_actions.record_measures(rect, actor=world.clerk, measures="谈话", now=now)
    assert err.value.code == "forbidden"  # not the owner, not a leader
    rect = rect_actions.record_measures(
        rect, actor=world.director, measures="约谈窗口人员，调整排班", now=now
    )
    assert rect.state == RectificationState.RECTIFIED
    with pytest.raises(DomainError) as err:
        rect_actions.close_rectification(rect, actor=world.supervisor, note="", now=now)
    assert err.value.code == "call_required"  # 回访 first
    with pytest.raises(DomainError) as err:
        rect_actions.record_call(
            rect, actor=world.leader, called_on=dt.date(2025, 9, 25), response="x", satisfied=True, now=now
        )
    assert err.value.code == "invalid_date"  # before the rating
    call = rect_actions.record_call(
        rect,
        actor=world.leader,
        called_on=dt.date(2025, 9, 26),
        response="已改进，满意",
        satisfied=True,
        now=now,
    )
    assert call.caller == world.leader and call.satisfied
    with pytest.raises(DomainError) as err:
        rect_actions.close_rectification(rect, actor=world.leader, note="", now=now)
    assert err.value.code == "forbidden"  # the duty leader handles, the supervisor or director checks
    rect = rect_actions.close_rectification(rect, actor=world.supervisor, note="属实，已整改", now=now)
    assert rect.state == RectificationState.CLOSED and rect.closed_by == world.supervisor
    assert not rect.is_overdue(dt.date(2026, 1, 1))


def test_a_supervisor_assigns_another_owner_within_the_center(world, case):
    now = at(2025, 9, 26, 15)
    rect = rate(case, level=4, comment="慢", now=now).rectification
    with pytest.raises(DomainError) as err:
        rect_actions.assign_owner(rect, actor=world.director, owner=world.leader, now=now)
    assert err.value.code == "forbidden"
    with pytest.raises(DomainError) as err:
        rect_actions.assign_owner(rect, actor=world.supervisor, owner=world.clerk2, now=now)  # 壬田镇's
    assert err.value.code == "invalid_owner"
    rect = rect_actions.assign_owner(rect, actor=world.supervisor, owner=world.leader, now=now)
    assert rect.owner == world.leader
    # the new owner may record measures even without the leaders' general right
    assert rect_actions.may_handle(world.leader, rect)


def test_the_rectification_notice_is_numbered_and_names_the_deadline(world, case):
    """002 天彭镇: 下发整改通知书，限期整改."""
    rect = rate(case, level=5, comment="材料一次没说清", now=at(2025, 9, 26, 15)).rectification
    html = rectification_html(rect)
    assert "整改通知书" in html and rect.number in html and "2025年10月23日前" in html
    assert "材料一次没说清" in html and "国办发〔2019〕51号" in html and "吴主任" in html
    assert "张三" not in html  # the citizen is not named
    assert rectification_pdf(rect).startswith(b"%PDF")
