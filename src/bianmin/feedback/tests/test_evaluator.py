"""评价器 (002 天彭镇: 每个服务窗口安装了电子评价器): a tablet paired to one window shows the case the clerk put
up with 请评价, takes one rating of that service (一次一评, 国办发〔2019〕51号) tied to the window and the clerk,
asks a 差评's reason, and goes back to waiting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bianmin.feedback import evaluator
from bianmin.feedback.models import Evaluator, Occasion, Rating, RatingChannel
from bianmin.feedback.tests.conftest import concluded, registered
from bianmin.lib.errors import DomainError


@pytest.fixture
def tablet(world, client):  # noqa: ANN001, ANN201
    """The 民政 window's tablet, registered by director Wu and paired through its one-time link."""
    _device, secret = evaluator.register_evaluator(
        actor=world.director, window=world.mz, name="民政评价器", now=timezone.now()
    )
    response = client.get(f"/evaluator/pair/{secret}/")
    assert response.status_code == 302 and response["Location"] == "/evaluator/"
    cookie = response.cookies[evaluator.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/evaluator/"
    client.pairing_secret = secret
    return client


def test_only_the_director_registers_a_tablet_and_the_link_works_once(world, tablet, client):
    with pytest.raises(DomainError):
        evaluator.register_evaluator(actor=world.clerk, window=world.mz, name="", now=timezone.now())
    device = Evaluator.objects.get()
    assert device.device_digest and not device.pairing_digest  # only digests are kept
    from django.test import Client

    again = Client().get(f"/evaluator/pair/{tablet.pairing_secret}/")
    assert again.status_code == 404 and "配对链接无效" in again.content.decode()
    assert Client().get("/evaluator/").status_code == 403  # no cookie, nothing shown


def test_the_tablet_waits_then_shows_the_case_and_records_the_rating(world, tablet, client):
    waiting = tablet.get("/evaluator/")
    assert waiting.status_code == 200 and "欢迎办事" in waiting.content.decode()
    assert tablet.get("/evaluator/state/").json() == {"request": None}
    case = registered(world)
    req = evaluator.request_rating(case, actor=world.clerk, window=world.mz, now=timezone.now())
    assert req.occasion == Occasion.ACCEPTANCE
    assert tablet.get("/evaluator/state/").json() == {"request": req.pk}
    page = tablet.get("/evaluator/").content.decode()
    assert "李窗口" in page and "最低生活保障申请" in page and "非常不满意" in page
    assert "张三" not in page  # the applicant is not shown on the hall's tablet
    done = tablet.post("/evaluator/rate/", {"request": req.pk, "level": 1})
    assert done.status_code == 200 and "感谢您的评价" in done.content.decode()
    rating = Rating.objects.get()
    assert (rating.channel, rating.occasion, rating.window, rating.staff) == (
        RatingChannel.TABLET,
        Occasion.ACCEPTANCE,
        world.mz,
        world.clerk,
    )
    assert tablet.get("/evaluator/state/").json() == {"request": None}  # back to waiting
    again = tablet.post("/evaluator/rate/", {"request": req.pk, "level": 5, "comment": "x"})
    assert again.status_code == 409 and Rating.objects.count() == 1


def test_a_bad_rating_on_the_tablet_asks_the_reason(world, tablet):
    case = concluded(world)
    req = evaluator.request_rating(case, actor=world.clerk, window=world.mz, now=timezone.now())
    assert req.occasion == Occasion.DELIVERY
    asked = tablet.post("/evaluator/rate/", {"request": req.pk, "level": 4})
    assert asked.status_code == 200 and "请告诉我们原因" in asked.content.decode()
    assert not Rating.objects.exists()
    tablet.post("/evaluator/rate/", {"request": req.pk, "level": 4, "reason_quick": "等候时间太长"})
    rating = Rating.objects.get()
    assert rating.comment == "等候时间太长" and rating.rectification.owner == world.director


def test_the_clerk_presses_the_button_on_the_case_page(world, tablet, client):
    from django.test import Client

    clerk = Client()
    clerk.force_login(world.clerk)
    case = registered(world)
    page = clerk.get(f"/counter/cases/{case.number}/").content.decode()
    assert 'id="request-rating"' in page and "请评价" in page
    response = clerk.post(f"/counter/ratings/request/{case.number}/", {"window": world.mz.pk})
    assert response.status_code == 302
    assert "李窗口" in tablet.get("/evaluator/").content.decode()
    # a window the clerk does not hold is refused
    clerk.post(f"/counter/ratings/request/{case.number}/", {"window": world.gt.pk})
    assert evaluator.pending_request(world.gt.pk, timezone.now()) is None


def test_a_request_lapses_and_another_tablet_cannot_answer_it(world, tablet, time_machine):
    case = registered(world)
    req = evaluator.request_rating(case, actor=world.clerk, window=world.mz, now=timezone.now())
    other, _secret = evaluator.register_evaluator(
        actor=world.director, window=world.gt, name="", now=timezone.now()
    )
    with pytest.raises(DomainError) as err:
        evaluator.rate_at_window(other, request_id=req.pk, level=1, comment="", now=timezone.now())
    assert err.value.code == "request_gone"
    time_machine.move_to(timezone.now() + dt.timedelta(minutes=evaluator.REQUEST_MINUTES + 1))
    assert tablet.get("/evaluator/state/").json() == {"request": None}
    assert not Rating.objects.exists()


def test_a_stopped_tablet_shows_nothing(world, tablet):
    device = Evaluator.objects.get()
    evaluator.revoke(device, actor=world.director, now=timezone.now())
    assert tablet.get("/evaluator/").status_code == 403
    assert tablet.get("/evaluator/state/").status_code == 403
