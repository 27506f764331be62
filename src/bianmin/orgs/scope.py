"""The actions' scope rule: a row of a center outside the actor's scope is not found, as the pages and the API
answer it. Used by every app's actions that lock a row of a center before changing it."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Manager, Model, QuerySet

from bianmin.lib.errors import DomainError
from bianmin.orgs.selectors import visible_org_ids

M = TypeVar("M", bound=Model)


def check_scope(actor: Any, org_id: int, code: str, message: Any) -> None:
    """Refuse as not found (404 ``code``) a center the actor does not see; no actor is the system itself."""
    if actor is not None and not actor.is_superuser and org_id not in visible_org_ids(actor):
        raise DomainError(code, message, kind="not_found")


def lock_in_scope(rows: QuerySet[M] | Manager[M], row: M | int, actor: Any, code: str, message: Any) -> M:
    """The row (an instance or its id) locked for update (``select_for_update``, inside the caller's
    transaction), refused as not found when it does not exist or its center is outside the actor's scope."""
    pk = row.pk if isinstance(row, Model) else row
    locked = rows.select_for_update().filter(pk=pk).first()
    if locked is None:
        raise DomainError(code, message, kind="not_found")
    check_scope(actor, locked.org_id, code, message)  # type: ignore[attr-defined]
    return locked
