"""Gap-free numbers: acceptance numbers (受理编号) and notice numbers (文书编号).

The counter row is bumped inside the caller's transaction: concurrent callers queue on its row lock
(PostgreSQL) or on the write lock that an IMMEDIATE transaction takes (SQLite), and a rollback gives
the number back, so numbers have neither gaps nor duplicates.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.db.models import F

from bianmin.cases.models import Counter
from bianmin.orgs.models import Org


def next_value(key: str) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_value must run inside the transaction that uses the number")
    Counter.objects.bulk_create([Counter(key=key, value=0)], ignore_conflicts=True)
    Counter.objects.filter(key=key).update(value=F("value") + 1)
    return Counter.objects.values_list("value", flat=True).get(key=key)


def next_case_number(org: Org, day: dt.date) -> str:
    """``<org code><YYYYMMDD><4-digit daily sequence>``, per center per day."""
    seq = next_value(f"case:{org.code}:{day:%Y%m%d}")
    return f"{org.code}{day:%Y%m%d}{seq:04d}"


def next_notice_seq(org: Org, notice_type: str, year: int) -> int:
    return next_value(f"notice:{org.code}:{notice_type}:{year}")


def new_query_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"
