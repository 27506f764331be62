"""Hash chain of audit rows (留痕): each row's hash covers its content and the previous row's hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

GENESIS = "0" * 64


def canonical(payload: dict[str, Any]) -> bytes:
    """Stable bytes for a payload: sorted keys, no whitespace, UTF-8 (Chinese kept as is)."""
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode()


def link_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + canonical(payload)).hexdigest()


def root_hash(hashes: Iterable[str]) -> str:
    """The root of a day's events: a chain over their hashes in order (empty day → GENESIS)."""
    root = GENESIS
    for h in hashes:
        root = hashlib.sha256((root + h).encode()).hexdigest()
    return root
