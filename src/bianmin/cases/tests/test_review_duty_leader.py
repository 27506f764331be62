"""批示 by the roster's 带班领导 (000 篇2: 每天至少1名领导带班, 帶班領導對當天申辦事項辦理情況進行批示): when the
center's roster names the day's leader, that leader or the center director gives the 批示; without a roster
for the day any duty leader may, as before."""

from __future__ import annotations

import datetime as dt
import pathlib
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model

from bianmin.cases import actions
from bianmin.cases.models import Case
from bianmin.conftest import at, make_staff, person
from bianmin.duty import actions as duty_actions
from bianmin.duty.models import DutyKind
from bianmin.lib.errors import DomainError
from bianmin.orgs.roles import Role

pytestmark = pytest.mark.django_db

MATERIALS = ["居民身份证", "户口簿", "家庭收入证明"]
MONDAY = dt.date(2026, 10, 12)


def _case(world, when=None) -> Case:  # noqa: ANN001
    return actions.register(
        actor=world.clerk,
        item_code="MZ001",
        applicant=person(),
        received_materials=MATERIALS,
        now=when or at(2026, 10, 12, 9),
    ).case


def _fresh(user):  # noqa: ANN001, ANN202
    """The user as a new request loads it (nothing kept from an earlier call)."""
    return get_user_model().objects.get(pk=user.pk)


def _on_duty(world, user, day=MONDAY) -> None:  # noqa: ANN001
    duty_actions.assign(
        actor=world.director, org=world.town, date=day, kind=DutyKind.LEADER, staff=user.staff
    )


@pytest.fixture
def deputy(world):  # noqa: ANN001, ANN201
    """A second duty leader of 象湖镇 (副主任), not on duty on 12 October."""
    return make_staff("sun", world.town, Role.DUTY_LEADER, "孙副主任")


def test_only_the_days_duty_leader_or_the_director_gives_the_review(world, deputy) -> None:
    """000 篇2 每天至少1名领导带班: 周带班 is on the roster for Monday 12 October; 孙副主任 is refused with a
    stable code naming who is on duty, 周带班 and the director may."""
    _on_duty(world, world.leader)
    first, second = _case(world), _case(world, at(2026, 10, 12, 9, 30))
    with pytest.raises(DomainError) as err:
        actions.review(first, actor=_fresh(deputy), now=at(2026, 10, 12, 17))
    assert err.value.code == "not_duty_leader_of_day" and err.value.kind == "forbidden"
    assert "周带班" in str(err.value.message)
    assert Case.objects.get(pk=first.pk).reviewed_at is None
    done = actions.review(first, actor=_fresh(world.leader), now=at(2026, 10, 12, 17))
    assert done.event.actor_id == world.leader.pk
    by_director = actions.review(
        second, actor=_fresh(world.director), note="注意核实", now=at(2026, 10, 12, 17)
    )
    assert by_director.event.data == {"note": "注意核实"}


def test_the_director_on_the_roster_leaves_the_other_leaders_out(world, deputy) -> None:
    _on_duty(world, world.director)
    case = _case(world)
    for leader in (world.leader, deputy):
        with pytest.raises(DomainError) as err:
            actions.review(case, actor=_fresh(leader), now=at(2026, 10, 12, 16))
        assert err.value.code == "not_duty_leader_of_day"
    assert actions.review(case, actor=_fresh(world.director), now=at(2026, 10, 12, 16)).case.reviewed_at


def test_without_a_roster_for_the_day_any_duty_leader_reviews(world, deputy) -> None:
    """No 带班领导 on the roster for Monday (only Tuesday's is set): today's rule, any duty leader."""
    _on_duty(world, world.leader, MONDAY + dt.timedelta(days=1))
    case = _case(world)
    assert actions.review(case, actor=_fresh(deputy), now=at(2026, 10, 12, 17)).case.reviewed_at is not None
    # and the clerk still has no right to 批示 at all
    with pytest.raises(DomainError) as err:
        actions.review(_case(world), actor=_fresh(world.clerk), now=at(2026, 10, 12, 17))
    assert err.value.code == "permission_denied"


def test_the_whole_batch_is_refused_to_a_leader_not_on_duty(world, deputy) -> None:
    """全部已阅 by someone else than the day's leader writes nothing."""
    _on_duty(world, world.leader)
    cases = [_case(world, at(2026, 10, 12, 9, m)) for m in (0, 10)]
    with pytest.raises(DomainError) as err:
        actions.review_all(actor=_fresh(deputy), now=at(2026, 10, 12, 17))
    assert err.value.code == "not_duty_leader_of_day"
    assert not Case.objects.filter(pk__in=[c.pk for c in cases], reviewed_at__isnull=False).exists()
    assert len(actions.review_all(actor=_fresh(world.leader), now=at(2026, 10, 12, 17))) == 2


@time_machine.travel(at(2026, 10, 12, 15), tick=False)
def test_the_api_refuses_with_the_code_and_the_leader_page_names_the_leader(
    world, deputy, api, client
) -> None:
    _on_duty(world, world.leader)
    case = _case(world, at(2026, 10, 12, 9))
    url = f"/api/v1/cases/{case.number}/daily_review/"
    api.force_authenticate(deputy)
    refused = api.post(url, {}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "not_duty_leader_of_day"
    client.force_login(deputy)
    page = client.get("/counter/leader/").content.decode()
    assert "今日带班领导：周带班" in page
    assert f"/counter/leader/{case.number}/daily_review/" not in page  # no 批示 form for 孙副主任
    client.force_login(world.leader)
    page = client.get("/counter/leader/").content.decode()
    assert f"/counter/leader/{case.number}/daily_review/" in page
    api.force_authenticate(world.leader)
    assert api.post(url, {}, format="json").status_code == 200


@time_machine.travel(at(2026, 10, 12, 15), tick=False)
def test_the_leader_page_says_when_no_leader_is_on_the_roster(world, client) -> None:
    client.force_login(world.leader)
    assert "今日值班表未排带班领导" in client.get("/counter/leader/").content.decode()


def test_duty_never_imports_cases() -> None:
    """cases reads duty's selector; duty must not read cases back (no import cycle)."""
    root = pathlib.Path(__file__).resolve().parents[2] / "duty"
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if re.search(r"^\s*(from|import)\s+bianmin\.cases\b", p.read_text(encoding="utf-8"), re.M)
    ]
    assert offenders == []
