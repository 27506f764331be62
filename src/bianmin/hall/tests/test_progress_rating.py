"""进度查询 and 好差评: number + query code, never telling whether a number exists; one rating per case."""

from __future__ import annotations

import re

import pytest

from bianmin.cases import actions
from bianmin.conftest import person
from bianmin.feedback.models import Level, Rating, RatingChannel
from bianmin.hall.tests.conftest import MANDATORY, move_to_concluded


@pytest.fixture
def case(world):  # noqa: ANN001, ANN201
    """A 低保 case clerk Li registered at the 民政 window of 象湖镇 with every mandatory material."""
    return actions.register(
        actor=world.clerk, item_code="MZ001", applicant=person(), received_materials=MANDATORY
    ).case


def error_of(response) -> str:  # noqa: ANN001
    found = re.search(r'<p class="error" role="alert">(.*?)</p>', response.content.decode())
    assert found is not None
    return found.group(1)


def wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def test_progress_shows_state_due_date_and_steps_with_names_masked(client, world, case):
    actions.accept(case.number, actor=world.clerk)
    response = client.get("/progress/", {"number": case.number, "code": case.query_code})
    page = response.content.decode()
    assert response.status_code == 200
    assert "最低生活保障申请" in page and "已受理" in page and "象湖镇便民服务中心" in page
    case.refresh_from_db()
    assert case.due_date.isoformat() in page
    assert "登记" in page and "受理" in page
    # the applicant is masked and no staff name is shown
    assert "张*" in page and "110105********002X" in page
    assert "张三" not in page and "李窗口" not in page


def test_a_number_alone_only_fills_the_form(client, world, case, settings):
    for _ in range(settings.PROGRESS_LOOKUP_LIMIT + 1):
        response = client.get("/progress/", {"number": case.number})
    assert response.status_code == 200 and f'value="{case.number}"' in response.content.decode()
    assert client.get("/progress/", {"number": case.number, "code": case.query_code}).status_code == 200


def test_an_unknown_number_and_a_wrong_code_fail_alike(client, world, case):
    wrong_code = client.get("/progress/", {"number": case.number, "code": wrong(case.query_code)})
    unknown = client.get("/progress/", {"number": "360781100209901010001", "code": "123456"})
    assert wrong_code.status_code == unknown.status_code == 404
    assert "受理编号或查询码不正确" in wrong_code.content.decode()
    # the same message, and nothing of the case either way
    assert error_of(wrong_code) == error_of(unknown)
    assert "最低生活保障申请" not in wrong_code.content.decode()


def test_wrong_codes_are_rate_limited_per_client_even_for_the_right_code(client, world, case, settings):
    for _ in range(settings.PROGRESS_LOOKUP_LIMIT):
        assert (
            client.get("/progress/", {"number": case.number, "code": wrong(case.query_code)}).status_code
            == 404
        )
    # then even the right code is refused for a while
    blocked = client.get("/progress/", {"number": case.number, "code": case.query_code})
    assert blocked.status_code == 429 and "查询码错误次数过多" in blocked.content.decode()
    assert "已提交" not in blocked.content.decode()
    # and another client (another address) is not affected
    other = client.get("/progress/", {"number": case.number, "code": case.query_code}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    # the rating page shares the limit
    assert client.get(f"/rate/{case.number}/", {"code": case.query_code}).status_code == 429


def test_a_concluded_case_offers_the_rating_link_on_the_progress_page(client, world, case):
    move_to_concluded(world, case.number)
    page = client.get("/progress/", {"number": case.number, "code": case.query_code}).content.decode()
    assert "已办结" in page and "准予" in page
    assert f"/rate/{case.number}/?code={case.query_code}&amp;channel=pc" in page


def test_rating_once_per_case_from_the_qr_code(client, world, case):
    move_to_concluded(world, case.number)
    url = f"/rate/{case.number}/"
    form = client.get(url, {"code": case.query_code}).content.decode()
    for label in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        assert label in form
    # when the citizen rates 非常满意 with a comment
    response = client.post(url, {"code": case.query_code, "level": Level.VERY_SATISFIED, "comment": "办事快"})
    assert response.status_code == 200 and "感谢您的评价" in response.content.decode()
    rating = Rating.objects.get()
    assert (
        rating.level == Level.VERY_SATISFIED
        and rating.channel == RatingChannel.QR
        and rating.comment == "办事快"
    )
    assert rating.window == world.mz and rating.staff == world.handler
    # then a second rating is refused with a message, and the first one stays
    again = client.post(url, {"code": case.query_code, "level": Level.VERY_DISSATISFIED})
    assert again.status_code == 409 and "每件只能评价一次" in again.content.decode()
    assert Rating.objects.count() == 1 and Rating.objects.get().level == Level.VERY_SATISFIED
    assert '<form method="post"' not in client.get(url, {"code": case.query_code}).content.decode()


def test_rating_from_the_pc_progress_page_is_recorded_as_pc(client, world, case):
    move_to_concluded(world, case.number)
    client.post(f"/rate/{case.number}/", {"code": case.query_code, "level": Level.SATISFIED, "channel": "pc"})
    assert Rating.objects.get().channel == RatingChannel.PC


def test_a_hall_channel_cannot_be_claimed_from_the_public_page(client, world, case):
    move_to_concluded(world, case.number)
    client.post(
        f"/rate/{case.number}/", {"code": case.query_code, "level": Level.SATISFIED, "channel": "tablet"}
    )
    assert Rating.objects.get().channel == RatingChannel.QR


def test_rating_before_the_result_explains_when_to_come_back(client, world, case):
    page = client.get(f"/rate/{case.number}/", {"code": case.query_code}).content.decode()
    assert "办件办结后才能评价" in page and '<form method="post"' not in page
    posted = client.post(f"/rate/{case.number}/", {"code": case.query_code, "level": 1})
    assert posted.status_code == 409 and Rating.objects.count() == 0


def test_rating_needs_the_right_code_and_a_level(client, world, case):
    move_to_concluded(world, case.number)
    asked = client.get(f"/rate/{case.number}/").content.decode()
    assert 'name="code"' in asked and "非常满意" not in asked
    bad = client.post(f"/rate/{case.number}/", {"code": wrong(case.query_code), "level": 1})
    assert bad.status_code == 404 and "受理编号或查询码不正确" in bad.content.decode()
    no_level = client.post(f"/rate/{case.number}/", {"code": case.query_code, "comment": "留言"})
    assert no_level.status_code == 400 and "请选择评价等级" in no_level.content.decode()
    assert "留言" in no_level.content.decode()  # the comment is kept
    assert Rating.objects.count() == 0
