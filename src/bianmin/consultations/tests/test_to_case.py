"""转为办件: a consultation turned into a case through the counter's ordinary intake (一窗受理), the citizen's
details carried over, and the case recorded on the consultation after the registration."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.cases import actions as case_actions
from bianmin.cases.models import Case
from bianmin.conftest import VALID_ID, person
from bianmin.consultations import actions
from bianmin.consultations.models import EventType, State
from bianmin.consultations.tests.conftest import FRIDAY, ask
from bianmin.lib.errors import DomainError

URL = "/counter/intake/"


def intake_body(**extra: str) -> dict[str, Any]:
    return {
        "item": "MZ001",
        "applicant_kind": "person",
        "name": "刘大妈",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13912345678",
        "address": "象湖镇解放路1号",
        "channel": "window",
        "received": [],
        "decision": "register",
        **extra,
    }


def test_intake_carries_the_details_over_and_records_the_case(world: Any, client: Any) -> None:
    # given clerk Li's follow-up of 刘大妈's question on 低保
    c = ask(world.clerk, how="follow_up", item="MZ001", citizen_name="刘大妈", citizen_phone="13912345678")
    client.force_login(world.clerk)
    # when Li opens the intake from the consultation
    page = client.get(URL, {"item": "MZ001", "consultation": c.pk}).content.decode()
    # then the applicant's name and phone are filled in, and the form posts the consultation back
    assert 'value="刘大妈"' in page and 'value="13912345678"' in page
    assert f"consultation={c.pk}" in page
    # when Li registers the case
    response = client.post(f"{URL}?item=MZ001&consultation={c.pk}", intake_body())
    assert response.status_code == 302
    case = Case.objects.get()
    # then the case is recorded on the consultation, which is done with
    c.refresh_from_db()
    assert c.case == case and c.state == State.CASE
    assert c.events.filter(type=EventType.CASE, note=case.number).exists()


def test_intake_without_a_consultation_records_nothing(world: Any, client: Any) -> None:
    c = ask(world.clerk, how="follow_up")
    client.force_login(world.clerk)
    assert client.post(f"{URL}?item=MZ001", intake_body()).status_code == 302
    c.refresh_from_db()
    assert c.case is None and c.state == State.FOLLOW_UP


def test_a_consultation_becomes_one_case_only(world: Any) -> None:
    c = ask(world.clerk)
    first = case_actions.register(actor=world.clerk, item_code="MZ001", applicant=person()).case
    second = case_actions.register(actor=world.clerk, item_code="MZ001", applicant=person()).case
    actions.record_case(c, actor=world.clerk, case=first, now=FRIDAY)
    actions.record_case(c, actor=world.clerk, case=first, now=FRIDAY)  # the same again: nothing new
    assert c.events.filter(type=EventType.CASE).count() == 1
    with pytest.raises(DomainError) as err:
        actions.record_case(c, actor=world.clerk, case=second, now=FRIDAY)
    assert err.value.code == "already_a_case"


def test_a_case_of_another_center_is_refused(world: Any) -> None:
    c = ask(world.clerk)
    theirs = case_actions.register(actor=world.clerk2, item_code="MZ001", applicant=person()).case
    with pytest.raises(DomainError) as err:
        actions.record_case(c, actor=world.clerk, case=theirs, now=FRIDAY)
    assert err.value.code == "case_of_other_center"


def test_the_second_clerks_registration_stands_and_is_told(world: Any, client: Any) -> None:
    """Two clerks turn the same question into a case: the second case is registered (the citizen is at the
    window) and the clerk is told it could not be recorded on the consultation."""
    c = ask(world.clerk, how="follow_up")
    earlier = case_actions.register(actor=world.clerk, item_code="MZ001", applicant=person()).case
    actions.record_case(c, actor=world.clerk, case=earlier, now=FRIDAY)
    client.force_login(world.clerk)
    response = client.post(f"{URL}?item=MZ001&consultation={c.pk}", intake_body(), follow=True)
    assert "未能记在咨询上" in response.content.decode()
    assert Case.objects.count() == 2
    c.refresh_from_db()
    assert c.case == earlier
