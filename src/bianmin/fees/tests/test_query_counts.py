"""Query counts of the collection window's lists, the same for 2 payables as for 8 (STYLE.md 11)."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bianmin.fees import actions
from bianmin.fees.models import Payable
from bianmin.fees.tests.conftest import accepted, minutes

pytestmark = pytest.mark.django_db


def fill(w: Any, n: int) -> None:
    for i in range(n):
        accepted(w, when=minutes(i))
    actions.harvest_all(now=minutes(120))
    for i, p in enumerate(Payable.objects.order_by("pk")):
        if i % 2:
            actions.pay(actor=w.clerk, payable=p, method="cash", amount="30", now=minutes(60 + i))


def count(call: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        answer = call()
        assert answer.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/counter/fees/",
        "/counter/fees/entries/",
        "/counter/fees/day/",
        "/api/v1/fees/payables/",
        "/api/v1/fees/entries/",
    ],
)
def test_lists_cost_the_same_however_many_rows(fees: Any, client: Any, url: str) -> None:
    with time_machine.travel(minutes(120), tick=False):
        client.force_login(fees.clerk)
        fill(fees, 2)
        client.get(url)  # the harvest's cursor exists from now on
        few = count(lambda: client.get(url))
        fill(fees, 6)
        client.get(url)
        many = count(lambda: client.get(url))
    assert (url, few, many) == (url, PINNED[url], PINNED[url])


# Each: the session, the user, the permissions and the staff row, the layout's queries (the center, groups,
# stations, online cases, unread notifications); the harvest where the page raises payables first (the
# cursor's locked read, the events after it, the cursor's save); then the page's own reads.
PINNED = {
    "/counter/fees/": 16,
    "/counter/fees/entries/": 12,
    "/counter/fees/day/": 18,
    "/api/v1/fees/payables/": 13,
    "/api/v1/fees/entries/": 8,
}
