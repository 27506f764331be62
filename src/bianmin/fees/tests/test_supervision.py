"""A fee tried on a free case is a supervision trigger (RULES.md E-supervision: "unlawful fees"; 003 曾家镇
全程代办: "严禁利用代办收取任何代办费"): a yellow card, rule 代办件违规收费, for the staff who tried — on the
board before the sweep, and recorded by the sweep."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.fees import actions
from bianmin.fees.tests.conftest import NOW, accepted, minutes
from bianmin.lib.errors import DomainError
from bianmin.supervision import actions as supervision
from bianmin.supervision.cards import due_cards
from bianmin.supervision.models import CardLevel, CardRecord, CardRule


def test_a_fee_tried_on_a_free_case_earns_the_staff_who_tried_a_yellow_card(fees: Any) -> None:
    case = accepted(fees, "MZ001")
    for minute in (20, 30):  # tried twice: one card
        with pytest.raises(DomainError):
            actions.raise_payable(
                actor=fees.handler, case_number=case.number, amount="10", now=minutes(minute)
            )
    cards = [c for c in due_cards([fees.town], NOW.date()) if c.rule == CardRule.FEE_ON_FREE_CASE]
    assert len(cards) == 1
    [card] = cards
    assert (card.case_id, card.level, card.staff_id, card.reached_on) == (
        case.pk,
        CardLevel.YELLOW,
        fees.handler.pk,
        NOW.date(),
    )
    # 壬田镇 has none
    assert not [c for c in due_cards([fees.town2], NOW.date()) if c.rule == CardRule.FEE_ON_FREE_CASE]
    # the sweep records it once, however often it runs
    supervision.sweep([fees.town], NOW.date(), now=minutes(600))
    supervision.sweep([fees.town], NOW.date(), now=minutes(601))
    record = CardRecord.objects.get(rule=CardRule.FEE_ON_FREE_CASE)
    assert (record.case_id, record.staff_id, record.level) == (case.pk, fees.handler.pk, CardLevel.YELLOW)
