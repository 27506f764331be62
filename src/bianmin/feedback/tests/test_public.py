"""The citizen's ratings without an account: the public API with the query code (一事一评, once per case), the
signed SMS link, and the same limit on wrong tries as the progress lookup (国办发〔2019〕51号 channels: PC,
mobile, QR code, SMS)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from bianmin.feedback.links import sms_rating_url, sms_token
from bianmin.feedback.models import Rating, RatingChannel
from bianmin.feedback.tests.conftest import registered


def url(case) -> str:  # noqa: ANN001
    return f"/api/v1/public/cases/{case.number}/rating/?code={case.query_code}"


def test_the_public_api_rates_once_per_case(api, world, case):
    created = api.post(url(case), {"level": 1, "comment": "很快"}, format="json")
    assert created.status_code == 201, created.data
    assert created.data["occasion"] == "online" and created.data["level"] == 1
    assert created.data["rectification_deadline"] is None
    again = api.post(url(case), {"level": 2}, format="json")
    assert again.status_code == 409 and again.data == {
        "code": "already_rated",
        "detail": "该办件已经评价过，每件只能评价一次",
    }
    assert Rating.objects.get().channel == RatingChannel.MOBILE


def test_a_bad_rating_needs_its_reason_and_gets_a_rectification_deadline(api, world, case):
    refused = api.post(url(case), {"level": 5}, format="json")
    assert refused.status_code == 400 and refused.data["code"] == "reason_required"
    created = api.post(url(case), {"level": 5, "comment": "来回跑了三趟"}, format="json")
    assert created.status_code == 201 and created.data["rectification_deadline"] is not None


def test_wrong_levels_and_unknown_parameters_are_refused(api, world, case):
    for body in ({"level": 0}, {"level": "好"}, {}):
        response = api.post(url(case), body, format="json")
        assert response.status_code == 400 and response.data["code"] == "invalid_level"
    response = api.post(url(case) + "&channel=tablet", {"level": 1}, format="json")
    assert response.status_code == 400
    assert not Rating.objects.exists()


def test_before_the_result_the_case_cannot_be_rated_online(api, world):
    case = registered(world)
    response = api.post(url(case), {"level": 1}, format="json")
    assert response.status_code == 409 and response.data["code"] == "not_rateable"


def test_wrong_codes_are_limited_like_the_lookup(api, world, case, settings):
    wrong = "000000" if case.query_code != "000000" else "111111"
    for _ in range(settings.PROGRESS_LOOKUP_LIMIT):
        response = api.post(
            f"/api/v1/public/cases/{case.number}/rating/?code={wrong}", {"level": 1}, format="json"
        )
        assert response.status_code == 404 and response.data["code"] == "case_not_found"
    blocked = api.post(url(case), {"level": 1}, format="json")
    assert blocked.status_code == 429 and blocked.data["code"] == "too_many_attempts"
    # the progress lookup shares the count
    assert api.get(f"/api/v1/public/cases/{case.number}/", {"code": case.query_code}).status_code == 429
    assert not Rating.objects.exists()


def test_the_sms_link_rates_without_the_code_as_sms(client, world, case):
    link = sms_rating_url(case)
    assert link.startswith("http") and f"/rate/{case.number}/?t=" in link
    page = client.get(f"/rate/{case.number}/", {"t": sms_token(case)})
    assert page.status_code == 200 and "非常满意" in page.content.decode()
    posted = client.post(f"/rate/{case.number}/", {"t": sms_token(case), "level": 2})
    assert posted.status_code == 200 and "感谢您的评价" in posted.content.decode()
    assert Rating.objects.get().channel == RatingChannel.SMS


def test_a_tampered_or_foreign_or_expired_sms_link_is_refused(client, world, case, time_machine):
    other = registered(world)
    refused = client.get(f"/rate/{other.number}/", {"t": sms_token(case)})  # another case's link
    assert refused.status_code == 404 and "评价链接无效" in refused.content.decode()
    assert client.get(f"/rate/{case.number}/", {"t": sms_token(case) + "x"}).status_code == 404
    token = sms_token(case)
    time_machine.move_to(timezone.now() + dt.timedelta(days=31))
    expired = client.post(f"/rate/{case.number}/", {"t": token, "level": 1})
    assert expired.status_code == 404 and "评价链接已过期" in expired.content.decode()
    assert not Rating.objects.exists()
