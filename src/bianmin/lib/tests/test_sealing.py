"""Seal signatures (日封存签名): an HMAC with a key kept outside the database, named by a short key id."""

from __future__ import annotations

import stat
from pathlib import Path

from bianmin.lib import sealing

MESSAGE = dict(org_code="360781100", day="2026-09-28", event_count=3, root_hash="a" * 64)


def test_a_signature_covers_the_center_day_count_root_and_tails():
    """不可篡改: changing any sealed field, or a tail, invalidates the signature."""
    key = b"k"
    tails = {"3607811002026092800001": [3, "b" * 64]}
    signature = sealing.sign(key, sealing.seal_message(**MESSAGE, tails=tails))
    assert sealing.signature_valid(key, sealing.seal_message(**MESSAGE, tails=tails), signature)
    for change in (
        {"org_code": "360781101"},
        {"day": "2026-09-29"},
        {"event_count": 4},
        {"root_hash": "c" * 64},
    ):
        assert not sealing.signature_valid(
            key, sealing.seal_message(**{**MESSAGE, **change}, tails=tails), signature
        )
    other_tails = {"3607811002026092800001": [2, "b" * 64]}
    assert not sealing.signature_valid(key, sealing.seal_message(**MESSAGE, tails=other_tails), signature)
    assert not sealing.signature_valid(b"other", sealing.seal_message(**MESSAGE, tails=tails), signature)
    assert not sealing.signature_valid(key, sealing.seal_message(**MESSAGE, tails=tails), "")


def test_the_tails_digest_does_not_depend_on_stored_order():
    a = {"x": [1, "h1"], "y": [2, "h2"]}
    b = {"y": [2, "h2"], "x": [1, "h1"]}
    assert sealing.tails_digest(a) == sealing.tails_digest(b)


def test_the_key_id_names_a_key_without_revealing_it():
    assert len(sealing.key_id(b"secret")) == 16
    assert sealing.key_id(b"secret") != sealing.key_id(b"secret2")


def test_the_environment_key_wins_over_the_key_file(tmp_path: Path):
    key_file = tmp_path / "seal_key"
    assert sealing.load_key("from-env", key_file) == b"from-env"
    assert not key_file.exists()


def test_a_key_file_is_generated_once_readable_only_by_its_owner(tmp_path: Path):
    key_file = tmp_path / "seal_key"
    key = sealing.load_key("", key_file)
    assert len(key) == 2 * sealing.KEY_BYTES
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert sealing.load_key(None, key_file) == key  # the second process reads the same key
    assert [p.name for p in tmp_path.iterdir()] == ["seal_key"]  # no temporary file left behind
