"""Stored cursors over the case ledger for the apps' workers (the outbox, the payables, the filing).

A worker reads ``CaseEvent`` rows after its cursor, does its work, and moves the cursor only through the
*settled* prefix: an event younger than the app's settle time may sit behind an id still being committed by
another transaction, so it is read again next run (work on it is idempotent). Each app keeps its own table
(``LedgerCursor`` is abstract) so it owns its rows and its migrations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerCursor(models.Model):
    """A named position in the case ledger: the last ``CaseEvent`` id whose work is done."""

    name = models.CharField(max_length=40, unique=True)
    position = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        verbose_name = _("读取位置")
        verbose_name_plural = _("读取位置")

    def __str__(self) -> str:
        return f"{self.name}@{self.position}"


C = TypeVar("C", bound=LedgerCursor)


def lock_cursor(model: type[C], name: str, initial: Callable[[], int] | int = 0) -> C:
    """The cursor ``name`` locked for the running transaction, created at ``initial`` (a position, or a
    function computing it, called only then) on the first run; two first runs at once create one row, the
    loser of the insert waiting on the winner's lock. One query once the cursor exists."""
    cursor = model.objects.select_for_update().filter(name=name).first()  # type: ignore[attr-defined]
    if cursor is None:
        position = initial() if callable(initial) else initial
        model.objects.bulk_create([model(name=name, position=position)], ignore_conflicts=True)  # type: ignore[attr-defined]
        cursor = model.objects.select_for_update().get(name=name)  # type: ignore[attr-defined]
    return cursor


def settled_prefix(events: Iterable[tuple[int, dt.datetime]], settled: dt.datetime) -> list[int]:
    """The ids, in ledger order, of the events up to the first one recorded after ``settled``."""
    ready: list[int] = []
    for pk, at in events:
        if at > settled:
            break
        ready.append(pk)
    return ready


def advance(cursor: Any, ready: list[int], now: dt.datetime) -> None:
    """Move ``cursor`` past the settled ids ``ready`` (if any) and stamp the run."""
    if ready:
        cursor.position = ready[-1]
    cursor.updated_at = now
    cursor.save(update_fields=["position", "updated_at"])
