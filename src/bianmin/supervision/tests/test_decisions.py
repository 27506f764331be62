"""A supervisor confirms or dismisses cards; accountability levels (003 曾家镇 责任追究制); the board
scoped per town; the API and the page."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from bianmin.cases import actions as case_actions
from bianmin.conftest import at, person
from bianmin.lib.errors import DomainError
from bianmin.supervision import actions, selectors
from bianmin.supervision.models import CardLevel, CardRecord, CardRule, CardStatus
from bianmin.supervision.selectors import Accountability, accountability_level
from bianmin.supervision.tests.helpers import accepted_case

TODAY = dt.date(2026, 10, 10)


def swept(w):  # noqa: ANN001, ANN201
    accepted_case(w, handler=w.handler)
    actions.sweep_all(TODAY, at(2026, 10, 10, 18))
    return CardRecord.objects.get(level=CardLevel.RED)


def test_confirm_needs_a_reason_a_supervisor_and_a_pending_record(world):
    red = swept(world)
    with pytest.raises(DomainError) as exc:
        actions.decide_card(str(red.pk), "confirm", actor=world.leader, reason="超期", today=TODAY)
    assert exc.value.code == "permission_denied"
    with pytest.raises(DomainError) as exc:
        actions.decide_card(str(red.pk), "confirm", actor=world.supervisor, reason=" ", today=TODAY)
    assert exc.value.code == "reason_required"
    actions.decide_card(str(red.pk), "confirm", actor=world.supervisor, reason="无正当理由超期", today=TODAY)
    with pytest.raises(DomainError) as exc:
        actions.decide_card(str(red.pk), "dismiss", actor=world.supervisor, reason="改判", today=TODAY)
    assert exc.value.code == "card_decided" and exc.value.kind == "conflict"
    red.refresh_from_db()
    assert red.status == CardStatus.CONFIRMED and red.decided_by == world.supervisor


def test_nobody_decides_their_own_card(world):
    case = accepted_case(world, handler=world.supervisor if False else world.handler)
    case.handler = world.supervisor  # a supervisor who handled a case themselves
    case.save(update_fields=["handler"])
    actions.sweep_all(TODAY)
    card = CardRecord.objects.filter(staff=world.supervisor).first()
    with pytest.raises(DomainError) as exc:
        actions.decide_card(str(card.pk), "dismiss", actor=world.supervisor, reason="本人", today=TODAY)
    assert exc.value.code == "own_card"


def test_a_derived_card_is_decided_by_its_key_before_any_sweep(world):
    accepted_case(world, handler=world.handler)
    derived = [c for c in selectors.cards(world.supervisor, TODAY) if c.level == CardLevel.YELLOW]
    assert derived and derived[0].id is None
    record = actions.decide_card(
        derived[0].ref, "dismiss", actor=world.supervisor, reason="系统故障", today=TODAY
    )
    assert record.status == CardStatus.DISMISSED
    assert actions.sweep_all(TODAY) == 1  # only the red one is left to write


def test_another_towns_supervisor_cannot_reach_the_card(world):
    red = swept(world)
    from bianmin.conftest import make_staff
    from bianmin.orgs.roles import Role

    other = make_staff("sup2", world.town2, Role.SUPERVISOR, "外镇监察")
    with pytest.raises(DomainError) as exc:
        actions.decide_card(str(red.pk), "confirm", actor=other, reason="x", today=TODAY)
    assert exc.value.code == "card_not_found"
    assert selectors.cards(other, TODAY) == []
    assert selectors.board(other, TODAY).totals.red == 0


def test_an_unjustified_rejection_is_a_card_for_who_rejected(world):
    """RULES.md: refusing a qualifying application; 003 曾家镇 (一)3: 手续齐全、又符合规定，应及时办理而不办."""
    case = case_actions.register(
        actor=world.clerk,
        item_code="MZ001",
        applicant=person(),
        received_materials=["居民身份证", "户口簿", "家庭收入证明"],
        now=at(2026, 10, 8, 9),
    ).case
    case_actions.reject(case, actor=world.clerk, reason="不符合条件", now=at(2026, 10, 8, 10))
    record = actions.flag_rejection(case.number, actor=world.supervisor, reason="材料齐全", today=TODAY)
    assert (record.rule, record.staff_id, record.level) == (
        CardRule.UNJUSTIFIED_REJECTION,
        world.clerk.pk,
        "yellow",
    )
    with pytest.raises(DomainError) as exc:
        actions.flag_rejection(case.number, actor=world.supervisor, reason="again", today=TODAY)
    assert exc.value.code == "already_flagged"


@pytest.mark.parametrize(
    ("yellow", "red", "complaints", "level"),
    [
        (1, 0, 0, Accountability.CRITICISM),  # (一)5 未按规定时限完成办文办事
        (0, 0, 1, Accountability.CRITICISM),
        (2, 0, 0, Accountability.CIRCULATED),  # (二)4 经批评教育仍未改正的
        (0, 1, 0, Accountability.CIRCULATED),
        (0, 0, 3, Accountability.DISCIPLINARY),  # (三)3 多次(3次及以上)受到投诉的
        (0, 3, 0, Accountability.DISCIPLINARY),  # three confirmed red cards in a year
        (0, 2, 2, Accountability.CIRCULATED),
        (0, 0, 0, ""),
    ],
)
def test_accountability_levels_of_003(yellow, red, complaints, level):
    """003 曾家镇 责任追究制 三、责任追究办法 (一)(二)(三)."""
    assert accountability_level(yellow, red, complaints) == level


def test_confirmed_cards_and_complaints_count_per_staff_per_year(world):
    red = swept(world)
    actions.decide_card(str(red.pk), "confirm", actor=world.supervisor, reason="超期", today=TODAY)
    rows = selectors.accountability([world.town.pk], 2026, complaints={world.handler.pk: 3})
    assert [(r.name, r.red, r.yellow, r.complaints, r.level) for r in rows] == [
        ("陈承办", 1, 0, 3, Accountability.DISCIPLINARY)
    ]
    assert [c.pk for c in selectors.confirmed_cards([world.town.pk], (dt.date(2026, 1, 1), TODAY))] == [
        red.pk
    ]
    assert selectors.accountability([world.town.pk], 2025, complaints={}) == []


def test_board_counts_per_window_staff_and_town(world):
    accepted_case(world, handler=world.handler)  # red on 10-10
    accepted_case(world, dt.date(2026, 9, 22))  # due 10-13: warning on 10-12
    accepted_case(world, clerk=world.clerk2)  # 壬田镇: red
    town = selectors.board(world.supervisor, dt.date(2026, 10, 12))
    assert (town.totals.warning, town.totals.yellow, town.totals.red) == (1, 0, 1)
    assert town.by_town == []
    county = selectors.board(world.county_admin, dt.date(2026, 10, 12))
    assert {r.label: r.red for r in county.by_town if r.red} == {"象湖镇": 1, "壬田镇": 1}
    assert county.totals.red == 2


def test_board_query_count_is_fixed(world):
    for _ in range(3):
        accepted_case(world, handler=world.handler)
    selectors.board(world.supervisor, TODAY)
    with CaptureQueriesContext(connection) as few:
        selectors.board(world.supervisor, TODAY)
    accepted_case(world, clerk=world.clerk)
    with CaptureQueriesContext(connection) as more:
        selectors.board(world.supervisor, TODAY)
    assert len(few) == len(more) == 10  # orgs, office hours, calendar stamps, 2 counts, names, cards


def test_api_board_cards_and_decisions(world, api):
    accepted_case(world, handler=world.handler)
    api.force_authenticate(world.supervisor)
    with time_machine.travel(at(2026, 10, 12, 10), tick=False):
        board = api.get("/api/v1/supervision/board/").json()
        assert board["totals"]["red"] == 1
        with CaptureQueriesContext(connection) as ctx:
            listed = api.get("/api/v1/supervision/cards/?level=red").json()
        assert [c["level"] for c in listed["results"]] == ["red"] and listed["results"][0]["id"] is None
        assert len(ctx) <= 12
        ref = listed["results"][0]["ref"]
        refused = api.post(f"/api/v1/supervision/cards/{ref}/confirm/", {}, format="json")
        assert refused.status_code == 400 and refused.json()["code"] == "invalid"
        done = api.post(f"/api/v1/supervision/cards/{ref}/confirm/", {"reason": "超期三日"}, format="json")
        assert done.status_code == 200 and done.json()["status"] == "confirmed"
        again = api.post(
            f"/api/v1/supervision/cards/{done.json()['id']}/dismiss/", {"reason": "x"}, format="json"
        )
        assert again.status_code == 409 and again.json()["code"] == "card_decided"
        api.force_authenticate(world.clerk)
        assert api.get("/api/v1/supervision/board/").status_code == 403


def test_board_page_and_export(world, client):
    accepted_case(world, handler=world.handler)
    client.force_login(world.director)
    with time_machine.travel(at(2026, 10, 12, 10), tick=False):
        page = client.get("/counter/supervision/")
        assert page.status_code == 200
        text = page.content.decode()
        assert "电子监察" in text and "陈承办" in text and "supervision/poll.js" in text
        counts = client.get("/counter/supervision/counts/")
        assert counts.status_code == 200 and "按窗口" in counts.content.decode()
        drill = client.get("/counter/supervision/cases/red/")
        assert drill.status_code == 200
        export = client.get("/counter/supervision/?format=xlsx")
        book = load_workbook(io.BytesIO(export.content))
        rows = list(book["按承办人" if "按承办人" in book.sheetnames else "按工作人员"].values)
        assert rows[1] == ("陈承办", 0, 0, 1)
        cards = list(book["监察记录"].values)
        assert {r[3] for r in cards[1:]} == {"黄牌", "红牌"}
