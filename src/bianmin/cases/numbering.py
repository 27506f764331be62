"""Gap-free numbers: acceptance numbers (受理编号) and notice numbers (文书编号).

The counter row is bumped inside the caller's transaction: concurrent callers queue on its row lock
(PostgreSQL) or on the write lock that an IMMEDIATE transaction takes (SQLite), and a rollback gives
the number back, so numbers have neither gaps nor duplicates.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction

from bianmin.cases.models import Counter
from bianmin.orgs.models import Org

_UPSERT = (
    "INSERT INTO {table} (key, value) VALUES (%s, 1) "
    "ON CONFLICT (key) DO UPDATE SET value = {table}.value + 1 RETURNING value"
)


def next_value(key: str) -> int:
    """One statement on both backends: insert the counter at 1 or bump it, and read the new value."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("next_value must run inside the transaction that uses the number")
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT.format(table=Counter._meta.db_table), [key])
        return int(cursor.fetchone()[0])


def next_case_number(org: Org, day: dt.date) -> str:
    """``<org code><YYYYMMDD><4-digit daily sequence>``, per center per day."""
    seq = next_value(f"case:{org.code}:{day:%Y%m%d}")
    return f"{org.code}{day:%Y%m%d}{seq:04d}"


def next_notice_seq(org: Org, notice_type: str, year: int) -> int:
    return next_value(f"notice:{org.code}:{notice_type}:{year}")


def new_query_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"
