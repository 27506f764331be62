"""老办事人: at the intake page a returning citizen is found by the full ID number the clerk types.

Issue 8 item 9(c). The number is shown back masked with the one policy used everywhere (PIPL Art. 28: first
6 and last 4, so different pages cannot be combined to rebuild it); the lookup reads only cases the clerk
may already see and writes nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bianmin.cases import actions
from bianmin.cases.models import CaseEvent
from bianmin.conftest import VALID_ID, VALID_ID_2, at, person

URL = "/counter/intake/applicant/"


@pytest.fixture
def li(world, client):  # noqa: ANN001, ANN201
    client.force_login(world.clerk)
    return client


def register(world, clerk, when: dt.datetime, **applicant):  # noqa: ANN001, ANN201
    return actions.register(
        actor=clerk, item_code="MZ001", applicant=person(**applicant), received_materials=[], now=when
    ).case


def test_a_returning_applicant_is_filled_in_from_their_latest_case_with_the_number_masked(world, li):
    """The most recent case wins: 张三 moved and changed his phone since his first visit."""
    register(world, world.clerk, at(2026, 3, 2), phone="13800000000", address="象湖镇解放路1号")
    register(world, world.clerk, at(2026, 9, 28), phone="13900001111", address="象湖镇红都大道8号")
    answer = li.post(URL, {"id_number": VALID_ID.lower()}).json()
    assert answer["found"] is True
    assert answer["applicant"] == {
        "kind": "person",
        "name": "张三",
        "id_type": "resident_id",
        "phone": "13900001111",
        "address": "象湖镇红都大道8号",
    }
    assert answer["id_masked"] == "110105********002X" and VALID_ID not in str(answer)
    assert "2026-09-28" in answer["detail"] and "最低生活保障申请" in answer["detail"]


def test_the_lookup_stays_inside_the_clerks_scope_and_records_nothing(world, li):
    """Every staff query is scoped to the user's org (DESIGN.md): 壬田镇's applicant is unknown at 象湖镇;
    reading one's own center's data is not a reveal and adds no event."""
    register(world, world.clerk2, at(2026, 9, 28), id_number=VALID_ID_2, name="外镇人")
    events = CaseEvent.objects.count()
    answer = li.post(URL, {"id_number": VALID_ID_2}).json()
    assert answer == {
        "found": False,
        "id_masked": "360781********1238",
        "detail": "没有找到该证件号码的办件记录",
    }
    assert CaseEvent.objects.count() == events


def test_the_number_is_never_put_in_a_url(world, li):
    assert li.get(URL, {"id_number": VALID_ID}).status_code == 405


def test_a_number_with_unusual_digits_or_none_is_refused_with_the_error_shape(world, li):
    bad = li.post(URL, {"id_number": "110105194912310²2X"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    assert li.post(URL, {}).status_code == 400


def test_only_staff_who_register_may_look_up(world, client):
    client.force_login(world.supervisor)
    assert client.post(URL, {"id_number": VALID_ID}).status_code == 403


def test_the_intake_page_offers_the_lookup_beside_the_id_number(world, li):
    page = li.get("/counter/intake/", {"item": "MZ001"}).content.decode()
    assert 'id="applicant-lookup"' in page and f'data-url="{URL}"' in page
