"""Login lockout (django-axes): five failures lock the username and the address for thirty minutes.

Issue 8 item 5. Before, 100 wrong passwords on /accounts/login/ or /api/v1/auth/token/ were followed by a
working right one. The lock covers the login page and the API's token endpoint, counts by the same client
address as the query-code limit (forwarding headers only from trusted proxies), and the director can lift
it for their own center's staff.
"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

LIMIT = settings.AXES_FAILURE_LIMIT


def login(client, username, password, **headers):  # noqa: ANN001, ANN201
    return client.post("/accounts/login/", {"username": username, "password": password}, **headers)


def token(client, username, password, **headers):  # noqa: ANN001, ANN201
    body = {"username": username, "password": password}
    return client.post("/api/v1/auth/token/", body, content_type="application/json", **headers)


def test_defaults_are_five_failures_and_thirty_minutes():
    """Issue 8 item 5: sensible defaults from env: 5 failures, 30 min cool-off."""
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60


def test_after_five_wrong_passwords_the_login_page_refuses_even_the_right_one(client, world):
    """Issue 8 item 5: 100 wrong tries on /accounts/login/, then the right password still worked."""
    for _ in range(LIMIT - 1):
        assert login(client, "li", "wrong").status_code == 200  # the form again, with its error
    assert login(client, "li", "wrong").status_code == 429  # the fifth failure locks
    response = login(client, "li", "pw")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_after_five_wrong_passwords_the_token_endpoint_refuses_even_the_right_one(client, world):
    """Issue 8 item 5: the DRF token endpoint must go through axes and answer JSON {code, detail}."""
    for _ in range(LIMIT - 1):
        assert token(client, "li", "wrong").status_code == 400
    assert token(client, "li", "wrong").status_code == 429
    response = token(client, "li", "pw")
    assert response.status_code == 429
    assert response.json()["code"] == "login_locked"
    assert response.json()["detail"]
    assert "token" not in response.json()


def test_the_token_endpoint_still_gives_a_token_for_the_right_password(client, world):
    response = token(client, "li", "pw")
    assert response.status_code == 200 and response.json()["token"]


def test_failures_on_the_page_and_the_api_count_together(client, world):
    for _ in range(LIMIT - 1):
        login(client, "li", "wrong")
    token(client, "li", "wrong")
    assert token(client, "li", "pw").status_code == 429


def test_one_address_trying_many_usernames_is_locked_out(client, world):
    """Issue 8 item 5: lockout per address too (password spraying across accounts)."""
    for username in ["li", "chen", "lin", "zhou", "wu"][:LIMIT]:
        login(client, username, "wrong", REMOTE_ADDR="203.0.113.5")
    assert login(client, "jiang", "pw", REMOTE_ADDR="203.0.113.5").status_code == 429
    assert login(client, "jiang", "pw", REMOTE_ADDR="198.51.100.7").status_code == 302


@override_settings(TRUSTED_PROXIES=[])
def test_a_forged_forwarding_header_does_not_dodge_the_address_lock(client, world):
    """Issue 8 item 5: the lockout uses the same trusted-proxy client address as the query-code limit."""
    for i in range(LIMIT):
        login(client, f"nobody{i}", "wrong", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    response = login(client, "jiang", "pw", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


def test_the_director_lifts_a_lock_of_their_own_staff_in_the_admin(client, world):
    """Issue 8 item 5: an unlock path for the director (the admin's axes pages, scoped and permitted)."""
    # given clerk Li of 象湖镇 and clerk Zhao of 壬田镇 both locked out
    for _ in range(LIMIT):
        login(client, "li", "wrong", REMOTE_ADDR="198.51.100.1")
        login(client, "zhao", "wrong", REMOTE_ADDR="198.51.100.2")
    assert login(client, "li", "pw", REMOTE_ADDR="198.51.100.1").status_code == 429
    # when director Wu of 象湖镇 opens the admin's list of login attempts
    world.director.is_staff = True
    world.director.save()
    client.force_login(world.director)
    page = client.get("/admin/axes/accessattempt/")
    # then she sees Li's attempts and not those of the other town's clerk
    assert page.status_code == 200
    assert AccessAttempt.objects.filter(username="li").exists()
    listed = set(page.context["cl"].queryset.values_list("username", flat=True))
    assert listed == {"li"}
    # and deleting them lifts Li's lock
    li = AccessAttempt.objects.filter(username="li").values_list("pk", flat=True)
    done = client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": list(li), "post": "yes"},
    )
    assert done.status_code == 302
    client.logout()
    assert login(client, "li", "pw", REMOTE_ADDR="198.51.100.1").status_code == 302
    # while Zhao's attempts are out of her reach
    zhao = AccessAttempt.objects.get(username="zhao")
    client.force_login(world.director)
    assert client.get(f"/admin/axes/accessattempt/{zhao.pk}/delete/").status_code in {302, 404}
    assert AccessAttempt.objects.filter(username="zhao").exists()


def test_the_operator_lifts_a_lock_with_a_command(client, world):
    """Issue 8 item 5: `bianmin axes_reset_username`, documented in the README's production section."""
    for _ in range(LIMIT):
        login(client, "li", "wrong", REMOTE_ADDR="198.51.100.1")
    call_command("axes_reset_username", "li", verbosity=0)
    assert login(client, "li", "pw", REMOTE_ADDR="198.51.100.1").status_code == 302


@pytest.mark.parametrize("path", ["/accounts/login/", "/api/v1/auth/token/"])
def test_a_locked_out_client_gets_the_same_answer_before_its_password_is_checked(client, world, path):
    for _ in range(LIMIT):
        client.post(path, {"username": "li", "password": "wrong"})
    assert client.post(path, {"username": "li", "password": "pw"}).status_code == 429
