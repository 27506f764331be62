"""Who is asking: forwarding headers believed only from configured proxies, keys of fixed length."""

from typing import Any

import pytest
from django.http import HttpRequest
from django.test import RequestFactory, override_settings

from bianmin.lib.throttle import client_ip, client_key

rf = RequestFactory()


def request(remote: str = "203.0.113.5", **headers: Any) -> HttpRequest:
    return rf.get("/", REMOTE_ADDR=remote, **headers)


@override_settings(TRUSTED_PROXIES=[])
def test_forwarding_headers_from_a_client_are_ignored():
    """Issue 8 item 4: a client-supplied X-Real-IP was trusted; rotating it bought unlimited guesses."""
    assert client_ip(request(HTTP_X_REAL_IP="198.51.100.7")) == "203.0.113.5"
    assert client_ip(request(HTTP_X_FORWARDED_FOR="198.51.100.7")) == "203.0.113.5"


@override_settings(TRUSTED_PROXIES=["127.0.0.1/32", "10.0.0.0/8"])
@pytest.mark.parametrize(
    ("forwarded", "client"),
    [
        ("198.51.100.7", "198.51.100.7"),
        # the client wrote the left entries itself; our proxies appended the right ones
        ("1.2.3.4, 198.51.100.7", "198.51.100.7"),
        ("1.2.3.4, 198.51.100.7, 10.1.2.3", "198.51.100.7"),
        ("not-an-address, 10.1.2.3", "10.1.2.3"),
        ("10.9.9.9, 10.1.2.3", "10.9.9.9"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
    ],
)
def test_x_forwarded_for_is_walked_from_the_right_skipping_trusted_proxies(forwarded, client):
    """Issue 8 item 4: X-Forwarded-For handled right: walk from the right, skipping trusted proxies."""
    assert client_ip(request("127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)) == client


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_x_real_ip_from_a_trusted_proxy_names_the_client():
    assert client_ip(request("127.0.0.1", HTTP_X_REAL_IP="198.51.100.7")) == "198.51.100.7"
    assert client_ip(request("127.0.0.1", HTTP_X_REAL_IP="garbage")) == "127.0.0.1"
    assert client_ip(request("127.0.0.1")) == "127.0.0.1"


def test_no_address_at_all_is_none():
    assert client_ip(rf.get("/", REMOTE_ADDR="")) is None


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_the_key_has_a_fixed_length_whatever_the_client_sends():
    """Issue 8 item 4: a 300-character header made the cache key too long on PostgreSQL and was never
    counted."""
    long = request("127.0.0.1", HTTP_X_FORWARDED_FOR="a" * 300, HTTP_X_REAL_IP="b" * 300)
    assert len(client_key(long, "progress")) == 64
    assert client_key(long, "progress") != client_key(long, "login")


def test_ipv6_clients_are_counted_per_64_block():
    one = client_key(request("2001:db8:1:2::1"), "progress")
    same_block = client_key(request("2001:db8:1:2:ffff::9"), "progress")
    other_block = client_key(request("2001:db8:1:3::1"), "progress")
    assert one == same_block != other_block
