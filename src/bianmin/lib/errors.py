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
