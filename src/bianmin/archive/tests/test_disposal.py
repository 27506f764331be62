"""档案销毁: at the end of retention, proposed and approved by the director (not the proposer); the files are
marked, never deleted, and the disposal stays on record (issue 14 part 4; DA/T 22 保管期限)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.archive import actions
from bianmin.archive.models import ArchiveRecord, DisposalState
from bianmin.conftest import at
from bianmin.lib.errors import DomainError

FILED = at(2026, 9, 28, 16)
LATER = at(2037, 1, 5, 10)  # a 10-year file of 2026 expired on 2036-12-31


@pytest.fixture
def files(archived: Any, settings: Any) -> list[ArchiveRecord]:
    settings.ARCHIVE_RETENTION = {"*": "10y"}
    actions.file_archived(now=FILED)
    return list(ArchiveRecord.objects.filter(org=archived.town).order_by("seq"))


def test_expired_files_are_disposed_of_with_approval_and_a_record(archived: Any, files: list) -> None:
    # given clerk Li proposes the first two expired files
    disposal = actions.propose_disposal(actor=archived.clerk, records=files[:2], reason="保管期满", now=LATER)
    assert disposal.numbers == ["2026-MZ-001-001", "2026-MZ-001-002"]
    # when the director approves
    done = actions.decide_disposal(disposal, actor=archived.director, approve=True, now=LATER)
    # then the files are marked disposed, still there, and the record names who and when
    assert (done.state, done.decided_by, done.decided_at) == (
        DisposalState.APPROVED,
        archived.director,
        LATER,
    )
    marked = ArchiveRecord.objects.filter(pk__in=[f.pk for f in files[:2]])
    assert [r.disposed_at for r in marked] == [LATER, LATER]
    assert ArchiveRecord.objects.filter(org=archived.town).count() == 3
    with pytest.raises(DomainError) as err:
        actions.decide_disposal(disposal, actor=archived.director, approve=True, now=LATER)
    assert err.value.code == "disposal_decided"
    with pytest.raises(DomainError) as err:
        actions.propose_disposal(actor=archived.clerk, records=files[:1], reason="保管期满", now=LATER)
    assert err.value.code == "record_disposed"


def test_a_file_not_expired_cannot_be_proposed(archived: Any, files: list) -> None:
    with pytest.raises(DomainError) as err:
        actions.propose_disposal(
            actor=archived.clerk, records=files[:1], reason="保管期满", now=at(2036, 12, 31)
        )
    assert err.value.code == "not_expired"


def test_a_file_out_on_loan_cannot_be_proposed(archived: Any, files: list) -> None:
    loan = actions.request_loan(
        files[0], actor=archived.clerk, purpose="复核", expected_return=dt.date(2037, 1, 9), now=LATER
    )
    with pytest.raises(DomainError) as err:
        actions.propose_disposal(actor=archived.leader, records=files[:1], reason="保管期满", now=LATER)
    assert err.value.code == "on_loan"
    actions.decide_loan(loan, actor=archived.director, approve=False, note="期满待销毁", now=LATER)
    assert actions.propose_disposal(actor=archived.leader, records=files[:1], reason="保管期满", now=LATER)


def test_the_proposer_cannot_approve_and_a_pending_file_is_neither_proposed_again_nor_lent(
    archived: Any, files: list
) -> None:
    disposal = actions.propose_disposal(
        actor=archived.director, records=files[:1], reason="保管期满", now=LATER
    )
    with pytest.raises(DomainError) as err:
        actions.decide_disposal(disposal, actor=archived.director, approve=True, now=LATER)
    assert err.value.code == "own_disposal"
    with pytest.raises(DomainError) as err:
        actions.propose_disposal(actor=archived.clerk, records=files[:1], reason="保管期满", now=LATER)
    assert err.value.code == "already_proposed"
    # nor is a file awaiting its disposal lent: it may be gone before it is back
    with pytest.raises(DomainError) as err:
        actions.request_loan(
            files[0], actor=archived.clerk, purpose="复核", expected_return=dt.date(2037, 1, 9), now=LATER
        )
    assert err.value.code == "disposal_pending"
    assert actions.request_loan(
        files[1], actor=archived.clerk, purpose="复核", expected_return=dt.date(2037, 1, 9), now=LATER
    )


def test_proposal_refusals(archived: Any, files: list) -> None:
    with pytest.raises(DomainError) as err:
        actions.propose_disposal(actor=archived.clerk, records=[], reason="保管期满", now=LATER)
    assert err.value.code == "nothing_to_dispose"
    with pytest.raises(DomainError) as err:
        actions.propose_disposal(actor=archived.clerk, records=files[:1], reason="", now=LATER)
    assert err.value.code == "reason_required"
    with pytest.raises(DomainError) as err:
        actions.propose_disposal(actor=archived.clerk2, records=files[:1], reason="保管期满", now=LATER)
    assert err.value.code == "record_not_found"
    with pytest.raises(DomainError) as err:
        actions.propose_disposal(actor=archived.supervisor, records=files[:1], reason="保管期满", now=LATER)
    assert err.value.code == "permission_denied"
    with pytest.raises(DomainError) as err:
        actions.propose_disposal(actor=archived.county_admin, records=files[:1], reason="保管期满", now=LATER)
    assert err.value.code == "permission_denied"


def test_a_refused_disposal_keeps_the_files_and_they_may_be_proposed_again(
    archived: Any, files: list
) -> None:
    disposal = actions.propose_disposal(actor=archived.clerk, records=files[:1], reason="保管期满", now=LATER)
    with pytest.raises(DomainError) as err:
        actions.decide_disposal(disposal, actor=archived.director, approve=False, now=LATER)
    assert err.value.code == "reason_required"
    with pytest.raises(DomainError) as err:
        actions.decide_disposal(disposal, actor=archived.leader, approve=True, now=LATER)
    assert err.value.code == "permission_denied"
    refused = actions.decide_disposal(
        disposal, actor=archived.director, approve=False, note="仍有查考价值", now=LATER
    )
    assert refused.state == DisposalState.REFUSED
    assert ArchiveRecord.objects.get(pk=files[0].pk).disposed_at is None
    assert actions.propose_disposal(actor=archived.clerk, records=files[:1], reason="保管期满", now=LATER)
