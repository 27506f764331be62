"""The center's submission chain (报送留痕): each submitted report's hash covers its content and the hash of
the center's report before it, and is signed with the key that signs the daily seals.

Rewriting a report in the database breaks its own hash; re-hashing it and every report after it still
fails the signatures, which cannot be remade without the key kept outside the database. A report removed
from the end shows against the counter that numbered the chain. ``audit_verify`` runs ``verify`` with the
case ledger's checks (``bianmin.submissions.audit``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from bianmin.cases.models import Counter
from bianmin.lib import sealing
from bianmin.lib.hashchain import GENESIS, link_hash
from bianmin.submissions.models import Submission, SubmissionState


def chain_key(org_code: str) -> str:
    """The counter that gives each of a center's submitted reports its place in the chain."""
    return f"submission-chain:{org_code}"


def number_key(org_code: str, year: int) -> str:
    """The counter of a center's report numbers of a year (gap-free, like the notices')."""
    return f"submission:{org_code}:{year}"


def seal_key() -> bytes:
    return sealing.load_key(settings.SEAL_KEY, settings.SEAL_KEY_FILE)


def payload_of(s: Submission, org_code: str) -> dict[str, Any]:
    """Everything a submitted report says, as hashed: the frozen table and narrative, when and by whom, and
    what it corrects."""
    return {
        "org": org_code,
        "number": s.number,
        "chain_seq": s.chain_seq,
        "kind": s.kind,
        "period": s.period_key,
        "recipient": s.recipient_id,
        "due_date": s.due_date.isoformat(),
        "on_time": s.on_time,
        "by": s.by,
        "table": s.table,
        "work": s.work,
        "good_practice": s.good_practice,
        "problems": s.problems,
        # In UTC: the moment as stored, whatever time zone it was written in.
        "submitted_at": s.submitted_at.astimezone(dt.UTC).isoformat() if s.submitted_at else "",
        "submitted_by": s.submitted_by_id,
        "supersedes": s.supersedes_id,
    }


def seal(s: Submission, org_code: str, prev_hash: str, key: bytes) -> None:
    """Set the report's prev_hash, hash and signature (in memory; the caller saves)."""
    s.prev_hash = prev_hash
    s.hash = link_hash(prev_hash, payload_of(s, org_code))
    s.key_id = sealing.key_id(key)
    s.signature = sealing.sign(key, s.hash.encode())


class ProblemKind(StrEnum):
    SUBMISSION_CHANGED = "submission_changed"  # a report's content no longer gives its hash
    SUBMISSION_CHAIN_BROKEN = "submission_chain_broken"  # prev_hash or place in the chain does not follow
    SUBMISSION_CHAIN_TRUNCATED = "submission_chain_truncated"  # reports numbered in the chain are gone
    SUBMISSION_SIGNATURE_INVALID = "submission_signature_invalid"


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    subject: str
    message: str
    seq: int = 0

    @property
    def code(self) -> str:
        return str(self.kind)

    def __str__(self) -> str:
        where = f"{self.subject} #{self.seq}" if self.seq else self.subject
        return f"[{self.code}] {where}：{self.message}"


def _check_org(
    org_code: str, rows: list[Submission], issued: int, keys: dict[str, bytes]
) -> Iterator[Problem]:
    subject = _("%(org)s 报送链") % {"org": org_code}
    prev, expected = GENESIS, 1
    for s in rows:
        label = s.number or subject
        if s.chain_seq != expected:
            yield Problem(
                ProblemKind.SUBMISSION_CHAIN_BROKEN,
                subject,
                _("第 %(seq)d 份报送缺失") % {"seq": expected},
                seq=expected,
            )
        elif s.prev_hash != prev:
            yield Problem(ProblemKind.SUBMISSION_CHAIN_BROKEN, label, _("前序哈希不符"), seq=s.chain_seq or 0)
        if link_hash(s.prev_hash, payload_of(s, org_code)) != s.hash:
            yield Problem(ProblemKind.SUBMISSION_CHANGED, label, _("报送内容被改动"), seq=s.chain_seq or 0)
        key = keys.get(s.key_id)
        if key is None or not sealing.signature_valid(key, s.hash.encode(), s.signature):
            yield Problem(
                ProblemKind.SUBMISSION_SIGNATURE_INVALID,
                label,
                _("报送签名无效：哈希在签名后被重算，或签名密钥未知"),
                seq=s.chain_seq or 0,
            )
        prev = s.hash
        expected = (s.chain_seq or 0) + 1
    if issued >= expected:
        yield Problem(
            ProblemKind.SUBMISSION_CHAIN_TRUNCATED,
            subject,
            _("报送链已编到第 %(issued)d 份，现只到第 %(last)d 份")
            % {"issued": issued, "last": expected - 1},
            seq=expected,
        )


def verify() -> tuple[int, list[Problem]]:
    """Every center's chain: (reports checked, problems)."""
    counters = dict(Counter.objects.filter(key__startswith=chain_key("")).values_list("key", "value"))
    if not counters:
        return 0, []  # no report was ever submitted: nothing to check, and no key to read
    key = seal_key()
    keys = {sealing.key_id(key): key}
    rows = (
        Submission.objects.filter(state=SubmissionState.SUBMITTED)
        .select_related("org")
        .order_by("org__code", "chain_seq")
    )
    by_org: dict[str, list[Submission]] = {}
    for s in rows.iterator(chunk_size=500):
        by_org.setdefault(s.org.code, []).append(s)
    issued = {k.removeprefix(chain_key("")): v for k, v in counters.items()}
    problems: list[Problem] = []
    count = 0
    for org_code in sorted(set(by_org) | set(issued)):
        chain = by_org.get(org_code, [])
        count += len(chain)
        problems.extend(_check_org(org_code, chain, issued.get(org_code, 0), keys))
    return count, problems
