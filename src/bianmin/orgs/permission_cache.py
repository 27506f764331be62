"""Each process keeps its API callers' permission sets, so a request does not read them again.

Django's ``ModelBackend`` reads a user's own and their groups' permissions anew for every request (two
queries, and the ORM's time to build them) — the same handful of codenames for the same clerk, hundreds of
times a day. Here a set is kept per user (and superuser flag: a superuser holds every permission) for as long
as the permission tables stay as they were, and handed to the user object where ``ModelBackend`` looks for
its own per-request cache (``_perm_cache``), so ``has_perm`` answers exactly what it would have answered.
The API's token authentication primes its caller this way; pages signed in by session read as before.

When the tables change:

- in this process (the admin, ``ensure_roles``, a shell), the change's signals drop every kept set at once,
  and again when its transaction commits;
- in another process, one stamp query — row count and highest id of the group memberships, the users' and
  the groups' permissions and the permissions themselves — tells, at most every
  ``BIANMIN["PERMISSION_RECHECK_SECONDS"]`` seconds, that something changed. Memberships and grants are only
  ever inserted (with a new id, never reused) or deleted (one row fewer), so each such change moves the stamp;
  a new permission does too (a superuser holds it). The stamp is read before the sets it guards, so a kept
  set is never older than its stamp.

A user's ``is_active`` is never kept: it comes with the user row each request, and ``ModelBackend`` checks it
before looking at the set.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

__all__ = ["clear", "permissions_of", "prime"]


@dataclass
class _Snapshot:
    stamp: tuple[Any, ...]
    checked_at: float
    sets: dict[tuple[Any, bool], frozenset[str]] = field(default_factory=dict)


# Replaced, never mutated except for adding sets: a thread still holding an old snapshot can only fill the
# old one. No lock: at worst two threads read the same user's permissions once.
_snapshot: _Snapshot | None = None

UserModel = get_user_model()
_TABLES = (
    UserModel.groups.through,
    UserModel.user_permissions.through,
    Group.permissions.through,
    Permission,
)


def clear(**kwargs: Any) -> None:
    """Forget every kept set (also a signal receiver: a permission, group or membership changed)."""
    global _snapshot
    _snapshot = None


def _changed(**kwargs: Any) -> None:
    clear()
    # Until the change commits, another thread may keep the old sets again: forget them once more then.
    if transaction.get_connection(kwargs.get("using") or "default").in_atomic_block:
        transaction.on_commit(clear, using=kwargs.get("using"))


def _user_saved(created: bool = False, **kwargs: Any) -> None:
    if created:  # a new user may carry the id of one deleted (or rolled back) before
        _changed(**kwargs)


def _recheck_seconds() -> float:
    return float(settings.BIANMIN.get("PERMISSION_RECHECK_SECONDS", 5))


def _read_stamp() -> tuple[Any, ...]:
    parts = []
    for model in _TABLES:
        table = connection.ops.quote_name(model._meta.db_table)
        pk = connection.ops.quote_name(model._meta.pk.column)
        parts.append(f"(SELECT COUNT(*) FROM {table}), (SELECT MAX({pk}) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone() or ())


def _current_snapshot() -> _Snapshot:
    global _snapshot
    snapshot = _snapshot
    # Elapsed process time, not a domain date: monotonic cannot jump with the wall clock.
    now = time.monotonic()
    if snapshot is not None and now - snapshot.checked_at < _recheck_seconds():
        return snapshot
    stamp = _read_stamp()
    if snapshot is not None and snapshot.stamp == stamp:
        snapshot.checked_at = now
        return snapshot
    snapshot = _Snapshot(stamp=stamp, checked_at=now)
    _snapshot = snapshot
    return snapshot


def permissions_of(user: Any) -> set[str]:
    """What ``ModelBackend().get_all_permissions(user)`` answers (``"app_label.codename"``), kept per process."""
    if not user.is_active or user.is_anonymous:
        return set()  # none, as ModelBackend answers; nothing kept that a reactivated user could inherit
    snapshot = _current_snapshot()
    key = (user.pk, bool(user.is_superuser))
    kept = snapshot.sets.get(key)
    if kept is None:
        kept = snapshot.sets[key] = frozenset(ModelBackend().get_all_permissions(user))
    return set(kept)


def prime(user: Any) -> None:
    """Give an active user object its kept permission set, where ``ModelBackend`` looks before querying."""
    if user.is_active and not hasattr(user, "_perm_cache"):
        user._perm_cache = permissions_of(user)


# Signals as cache invalidation only: what a user may do is still decided by ModelBackend alone.
for _through in _TABLES[:3]:
    m2m_changed.connect(
        _changed, sender=_through, dispatch_uid=f"permission_cache.m2m.{_through._meta.label}"
    )
for _model in (*_TABLES, Group, UserModel):
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"permission_cache.delete.{_model._meta.label}")
for _model in _TABLES:  # a membership or a permission row written or renamed directly
    post_save.connect(_changed, sender=_model, dispatch_uid=f"permission_cache.save.{_model._meta.label}")
post_save.connect(_user_saved, sender=UserModel, dispatch_uid="permission_cache.save.user")
