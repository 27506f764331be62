"""Signing a day's seal (日封存签名) with a key that lives outside the database.

A seal's root hash alone proves nothing to someone who can write the database: they can edit an event,
re-hash its chain and recompute the day's root. An HMAC over the seal with a key kept in the environment or
in a file under the server's var directory closes that door — without the key the signature cannot be
remade. ``key_id`` names the key (first 16 hex characters of its SHA-256) so a rotated key shows.

Pure helpers: no Django, no models. The caller decides where the key comes from (``load_key``).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bianmin.lib.hashchain import canonical

KEY_BYTES = 32


def key_id(key: bytes) -> str:
    """A short public name for a key: safe to print and to store beside each seal."""
    return hashlib.sha256(key).hexdigest()[:16]


def tails_digest(tails: Mapping[str, Sequence[Any]]) -> str:
    """One hash for every case's sealed chain tail, independent of the order the tails were stored in."""
    normalized = {number: [int(tail[0]), str(tail[1])] for number, tail in tails.items()}
    return hashlib.sha256(canonical(normalized)).hexdigest()


def seal_message(
    *, org_code: str, day: str, event_count: int, root_hash: str, tails: Mapping[str, Sequence[Any]]
) -> bytes:
    """The bytes a signature covers: which center, which day, how many events, their root, their tails."""
    return canonical(
        {
            "org": org_code,
            "day": day,
            "event_count": int(event_count),
            "root_hash": root_hash,
            "tails": tails_digest(tails),
        }
    )


def sign(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def signature_valid(key: bytes, message: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(key, message), signature or "")


def load_key(env_value: str | None, key_file: Path) -> bytes:
    """The seal key: the environment's value when set, else the key file, created on first use.

    A new key is written to a private temporary file (mode 0600) and then linked into place, which fails
    when the file already exists: two processes starting at once agree on one key, no process ever reads a
    half-written key, and the key is never readable by other users.
    """
    if env_value:
        return env_value.encode()
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = key_file.with_name(f".{key_file.name}.{secrets.token_hex(8)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(KEY_BYTES))
            os.link(tmp, key_file)
        except FileExistsError:
            pass  # another process won the race; its key is the key
        finally:
            tmp.unlink(missing_ok=True)
    key = key_file.read_text().strip()
    if not key:
        raise ValueError(f"seal key file {key_file} is empty")
    return key.encode()
