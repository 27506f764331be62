"""国办发〔2019〕51号 (and GB/T 39046 A.8): 一次一评 at the window — each service there is rated once — and
一事一评 online — the case as a whole once. 002 天彭镇: 每个服务窗口安装了电子评价器."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from bianmin.feedback.actions import rate
from bianmin.feedback.models import Occasion, Rating, RatingChannel
from bianmin.feedback.tests.conftest import concluded, registered
from bianmin.lib.errors import DomainError


def test_each_window_occasion_and_the_case_online_are_rated_once_each(world):
    """The registration visit, the visit to collect the result and the case online: three ratings, one each."""
    case = registered(world)
    at_registration = rate(case, level=2, channel=RatingChannel.TABLET, window=world.mz, staff=world.clerk)
    assert at_registration.occasion == Occasion.ACCEPTANCE and at_registration.staff == world.clerk
    with pytest.raises(DomainError) as err:
        rate(case, level=1, channel=RatingChannel.TABLET, window=world.mz, staff=world.clerk)
    assert err.value.code == "already_rated" and err.value.status == 409
    case = concluded(world)
    rate(
        case,
        level=1,
        channel=RatingChannel.TABLET,
        occasion=Occasion.ACCEPTANCE,
        window=world.mz,
        staff=world.clerk,
    )
    rate(
        case,
        level=1,
        channel=RatingChannel.TABLET,
        occasion=Occasion.DELIVERY,
        window=world.mz,
        staff=world.clerk,
    )
    online = rate(case, level=3, channel=RatingChannel.QR)
    assert (
        online.occasion == Occasion.ONLINE and online.staff == world.handler
    )  # the case as a whole: its handler
    for channel in (RatingChannel.SMS, RatingChannel.PC, RatingChannel.MOBILE):
        with pytest.raises(DomainError) as err:
            rate(case, level=1, channel=channel)
        assert err.value.code == "already_rated"
    assert sorted(Rating.objects.filter(case=case).values_list("occasion", flat=True)) == [
        "acceptance",
        "delivery",
        "online",
    ]


def test_a_window_occasion_cannot_be_claimed_online_nor_the_delivery_before_the_result(world):
    case = registered(world)
    with pytest.raises(DomainError) as err:
        rate(case, level=1, channel=RatingChannel.QR, occasion=Occasion.ACCEPTANCE)
    assert err.value.code == "invalid_occasion"
    with pytest.raises(DomainError) as err:
        rate(case, level=1, channel=RatingChannel.TABLET, occasion=Occasion.DELIVERY, window=world.mz)
    assert err.value.code == "not_rateable"
    with pytest.raises(DomainError) as err:
        rate(case, level=1, channel=RatingChannel.QR)  # 一事一评 only once the case has its result
    assert err.value.code == "not_rateable"
    assert not Rating.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_ratings_of_the_same_occasion_at_once_leave_one_row(world):
    """Two taps racing (two browsers with the same QR code): the unique (case, occasion) keeps one; the other
    is told it was rated. On PostgreSQL both really run at once."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    case = concluded(world)
    barrier = threading.Barrier(2)

    def attempt(level: int) -> str:
        try:
            barrier.wait()
            rate(case, level=level, comment="慢" if level > 3 else "", channel=RatingChannel.QR)
            return "ok"
        except DomainError as err:
            return err.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(attempt, [1, 5]))
    assert outcomes == ["already_rated", "ok"]
    assert Rating.objects.filter(case=case).count() == 1
    rating = Rating.objects.get(case=case)
    # a 差评 that lost the race left no rectification behind
    assert hasattr(rating, "rectification") == rating.is_bad
