"""常见问题: the topics asked at least three times in 90 days per item are the FAQ's candidates; the director
writes the answer and publishes it, and the item's public guide page shows it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings

from bianmin.consultations import actions, selectors
from bianmin.consultations.models import FaqState
from bianmin.consultations.tests.conftest import FRIDAY, TODAY, ask
from bianmin.lib.errors import DomainError


def test_frequent_topics_are_those_asked_three_times_in_90_days(world: Any) -> None:
    for days in (0, 10, 89):
        ask(world.clerk, item="MZ001", now=FRIDAY - dt.timedelta(days=days))
    for days in (0, 10, 95):  # the third is older than 90 days
        ask(world.clerk, topic="低保多久能批", item="MZ001", now=FRIDAY - dt.timedelta(days=days))
    for _i in range(3):
        ask(world.clerk, topic="问路")  # no item: not an item's question
    frequent = selectors.frequent_topics([world.town.pk], TODAY)
    assert [(f.item_id, f.topic, f.asked) for f in frequent] == [(world.dibao.pk, "低保需要哪些材料", 3)]
    with override_settings(CONSULTATION_FAQ_MIN_ASKED=2):
        assert len(selectors.frequent_topics([world.town.pk], TODAY)) == 2


def test_the_director_publishes_and_the_guide_page_shows_it(world: Any, client: Any) -> None:
    # given a question the director answered but has not published
    faq = actions.save_faq(
        actor=world.director,
        item="MZ001",
        question="低保需要哪些材料",
        answer="身份证、户口簿和家庭收入证明",
        now=FRIDAY,
    )
    url = f"/guide/{world.dibao.code}/"
    page = client.get(url, {"org": world.town.code}).content.decode()
    assert "身份证、户口簿和家庭收入证明" not in page  # a draft is not public
    # when it is published
    actions.publish_faq(faq, actor=world.director, now=FRIDAY)
    # then the item's guide page shows it, at the center and with no center chosen
    for params in ({"org": world.town.code}, {}):
        page = client.get(url, params).content.decode()
        assert "常见问题" in page and "身份证、户口簿和家庭收入证明" in page
    # but not at another center's page, which has its own answers
    assert "身份证、户口簿和家庭收入证明" not in client.get(url, {"org": world.town2.code}).content.decode()
    # and withdrawn it is gone
    actions.publish_faq(faq, actor=world.director, publish=False, now=FRIDAY)
    faq.refresh_from_db()
    assert faq.state == FaqState.WITHDRAWN
    assert "身份证、户口簿和家庭收入证明" not in client.get(url, {"org": world.town.code}).content.decode()


def test_only_the_director_writes_the_faq(world: Any) -> None:
    with pytest.raises(DomainError) as err:
        actions.save_faq(actor=world.clerk, item="MZ001", question="q", answer="a", now=FRIDAY)
    assert err.value.code == "permission_denied"
    actions.save_faq(actor=world.director, item="MZ001", question="q", answer="a", now=FRIDAY)
    with pytest.raises(DomainError) as err:
        actions.save_faq(actor=world.director, item="MZ001", question="q", answer="b", now=FRIDAY)
    assert err.value.code == "faq_exists"


def test_the_counter_faq_page_lists_the_frequent_questions(world: Any, client: Any, clock: Any) -> None:
    for _i in range(3):
        ask(world.clerk, item="MZ001", now=FRIDAY)
    client.force_login(world.director)
    page = client.get("/counter/consultations/faq/").content.decode()
    assert "低保需要哪些材料" in page and "编写答复" in page
    response = client.post(
        "/counter/consultations/faq/",
        {
            "item": "MZ001",
            "question": "低保需要哪些材料",
            "answer": "三样材料",
            "position": "0",
            "asked": "3",
        },
    )
    assert response.status_code == 302
    page = client.get("/counter/consultations/faq/").content.decode()
    assert "已编写" in page and "三样材料" in page
