"""办件留痕日封存公示: each center publishes its sealed days' root hashes, so copies exist outside the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.cases import actions
from bianmin.cases.audit import seal_day
from bianmin.cases.models import AuditSeal
from bianmin.conftest import at, person
from bianmin.lib.hashchain import GENESIS


@pytest.fixture(autouse=True)
def _seal_key(settings: Any) -> None:
    settings.SEAL_KEY = "test-seal-key-not-for-production"


def test_a_centers_page_shows_each_sealed_days_root_hash_in_full(client, world):
    """全程留痕, 不可篡改 — DESIGN.md Audit: a day's root is published, whole, with the signing key's id."""
    # given clerk Li registered an application on 28 September and the day was sealed the next morning
    actions.register(
        actor=world.clerk,
        item_code="MZ001",
        applicant=person(),
        received_materials=["居民身份证"],
        now=at(2026, 9, 28, 9),
    )
    seal, _created = seal_day(world.town, dt.date(2026, 9, 28), at(2026, 9, 29, 0, 5))
    assert seal.root_hash != GENESIS
    # when a citizen opens the center's seal page
    response = client.get(f"/seals/{world.town.code}/")
    # then it shows the date, the event count, the full root hash and the key id
    page = response.content.decode()
    assert response.status_code == 200
    assert "办件留痕日封存" in page and world.town.name in page
    assert f"<code>{seal.root_hash}</code>" in page
    assert seal.key_id in page and "2026-09-28" in page
    # and another center's page does not
    other = client.get(f"/seals/{world.town2.code}/").content.decode()
    assert seal.root_hash not in other and "暂无日封存" in other


def test_the_page_lists_the_last_30_days_newest_first_in_few_queries(
    client, world, django_assert_num_queries
):
    """日封存公示 — DESIGN.md Audit: the last 30 sealed days; the page does not query per day."""
    first = dt.date(2026, 8, 1)
    for n in range(31):
        AuditSeal.objects.create(
            org=world.town,
            day=first + dt.timedelta(days=n),
            event_count=n,
            root_hash=f"{n:064x}",
            sealed_at=at(2026, 9, 1),
        )
    with django_assert_num_queries(2):  # the center, its seals
        page = client.get(f"/seals/{world.town.code}/").content.decode()
    assert f"{30:064x}" in page and f"{1:064x}" in page
    assert f"{0:064x}" not in page  # the 31st day back is no longer listed
    assert page.index("2026-08-31") < page.index("2026-08-02")


def test_an_unknown_center_has_no_seal_page(client, world):
    assert client.get("/seals/999999/").status_code == 404
    assert client.get(f"/seals/{world.village.code}/").status_code == 404


def test_the_home_page_links_each_center_to_its_seals(client, world):
    page = client.get("/").content.decode()
    assert f'href="/seals/{world.town.code}/"' in page
