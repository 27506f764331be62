"""One domain exception for every refused action.

A refusal carries a stable machine ``code`` (for API clients and tests) and a plain ``message`` a clerk
understands. The API turns it into ``{"code", "detail"}`` with the status its ``kind`` implies; pages show
the message.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refused action. ``kind`` is one of invalid, forbidden, not_found, conflict, throttled."""

    STATUS = {"invalid": 400, "forbidden": 403, "not_found": 404, "conflict": 409, "throttled": 429}

    def __init__(self, code: str, message: Any, kind: str = "invalid", **data: Any) -> None:
        super().__init__(str(message))
        if kind not in self.STATUS:
            raise ValueError(kind)
        self.code = code
        self.message = message
        self.kind = kind
        self.data = data

    @property
    def status(self) -> int:
        return self.STATUS[self.kind]

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def require_permission(actor: Any, perm: str, message: Any) -> None:
    """Refuse (403 ``permission_denied``) an actor without ``perm``; no actor at all has no right either."""
    if actor is None or not actor.has_perm(perm):
        raise DomainError("permission_denied", message, kind="forbidden")


def typed_text(value: Any, *, max_length: int, code: str = "", message: Any = "") -> str:
    """Typed text, stripped; required when ``code`` is given (refused with it and ``message``); never longer
    than ``max_length`` (``text_too_long``)."""
    from django.utils.translation import gettext as _

    text = str(value or "").strip()
    if code and not text:
        raise DomainError(code, message)
    if len(text) > max_length:
        raise DomainError(
            "text_too_long",
            _("“%(text)s…”过长（不超过 %(max)d 字）") % {"text": text[:10], "max": max_length},
        )
    return text
