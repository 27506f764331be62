"""The submissions' share of ``bianmin audit_verify``: every center's submission chain, checked with the
case ledger, its notices and its seals (``bianmin.cases.audit.audit_ledger`` gathers each app's ``check``)."""

from __future__ import annotations

from typing import Any

from bianmin.submissions.chain import verify


def check(report: Any) -> None:
    """Add the chains' problems to the ledger's report."""
    _count, problems = verify()
    report.problems.extend(problems)
