"""档案借阅: requested, approved by the director (not the borrower), lent and returned with dates; a file out
past its return date is flagged (issue 14 part 4: "overdue returns flagged")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.archive import actions, selectors
from bianmin.archive.models import ArchiveRecord, LoanState
from bianmin.conftest import at
from bianmin.lib.errors import DomainError

NOW = at(2026, 9, 28, 16)


@pytest.fixture
def record(archived: Any) -> ArchiveRecord:
    actions.file_archived(now=NOW)
    return ArchiveRecord.objects.filter(org=archived.town).order_by("seq").first()  # type: ignore[return-value]


def test_a_file_lent_past_its_return_date_is_flagged_overdue(archived: Any, record: ArchiveRecord) -> None:
    """Issue 14: "a file out on loan past its date is flagged" — computed from the date, no command."""
    # given clerk Li borrows the file until 10-09, the director approves and it is lent on 09-29
    loan = actions.request_loan(
        record,
        actor=archived.clerk,
        purpose="核对低保户家庭收入",
        expected_return=dt.date(2026, 10, 9),
        now=NOW,
    )
    actions.decide_loan(loan, actor=archived.director, approve=True, now=NOW)
    actions.lend(loan, actor=archived.leader, now=at(2026, 9, 29))
    # then it is not overdue on its return date, and is the day after
    assert not selectors.loan_for(archived.clerk, loan.pk, dt.date(2026, 10, 9)).overdue  # type: ignore[union-attr]
    late = dt.date(2026, 10, 10)
    assert selectors.loan_for(archived.clerk, loan.pk, late).overdue  # type: ignore[union-attr]
    assert selectors.record_for(archived.clerk, record.pk, late).overdue  # type: ignore[union-attr]
    assert selectors.box_for(archived.clerk, record.box_id, late).overdue  # type: ignore[union-attr]
    assert selectors.overdue_count(archived.clerk, late) == 1
    # and once returned it is no longer flagged
    back = actions.return_loan(loan, actor=archived.leader, condition="完好", now=at(2026, 10, 12))
    assert (back.state, back.condition, back.received_by) == (LoanState.RETURNED, "完好", archived.leader)
    assert not selectors.loan_for(archived.clerk, loan.pk, late).overdue  # type: ignore[union-attr]


def test_the_borrower_cannot_approve_their_own_loan(archived: Any, record: ArchiveRecord) -> None:
    loan = actions.request_loan(
        record, actor=archived.director, purpose="复核", expected_return=dt.date(2026, 10, 9), now=NOW
    )
    with pytest.raises(DomainError) as err:
        actions.decide_loan(loan, actor=archived.director, approve=True, now=NOW)
    assert err.value.code == "own_loan"


def test_only_the_director_approves_and_a_refusal_needs_a_reason(
    archived: Any, record: ArchiveRecord
) -> None:
    loan = actions.request_loan(
        record, actor=archived.clerk, purpose="复核", expected_return=dt.date(2026, 10, 9), now=NOW
    )
    with pytest.raises(DomainError) as err:
        actions.decide_loan(loan, actor=archived.leader, approve=True, now=NOW)
    assert err.value.code == "permission_denied"
    with pytest.raises(DomainError) as err:
        actions.decide_loan(loan, actor=archived.director, approve=False, now=NOW)
    assert err.value.code == "reason_required"
    refused = actions.decide_loan(loan, actor=archived.director, approve=False, note="无需原件", now=NOW)
    assert refused.state == LoanState.REFUSED
    with pytest.raises(DomainError) as err:
        actions.lend(loan, actor=archived.clerk, now=NOW)
    assert err.value.code == "loan_state"


def test_a_file_cannot_be_lent_twice_at_once(archived: Any, record: ArchiveRecord) -> None:
    actions.request_loan(
        record, actor=archived.clerk, purpose="复核", expected_return=dt.date(2026, 10, 9), now=NOW
    )
    with pytest.raises(DomainError) as err:
        actions.request_loan(
            record, actor=archived.handler, purpose="查阅", expected_return=dt.date(2026, 10, 9), now=NOW
        )
    assert err.value.code == "already_on_loan"


def test_request_refusals(archived: Any, record: ArchiveRecord) -> None:
    cases = [
        ({"actor": archived.clerk, "purpose": " "}, "purpose_required"),
        ({"actor": archived.clerk, "expected_return": dt.date(2026, 9, 27)}, "invalid_return_date"),
        ({"actor": archived.clerk2}, "record_not_found"),
        ({"actor": archived.county_admin}, "permission_denied"),
        ({"actor": archived.agent}, "permission_denied"),
    ]
    for extra, code in cases:
        kwargs: dict[str, Any] = {"purpose": "复核", "expected_return": dt.date(2026, 10, 9), **extra}
        with pytest.raises(DomainError) as err:
            actions.request_loan(record, now=NOW, **kwargs)
        assert err.value.code == code, extra


def test_return_needs_the_condition_and_a_lent_file(archived: Any, record: ArchiveRecord) -> None:
    loan = actions.request_loan(
        record, actor=archived.clerk, purpose="复核", expected_return=dt.date(2026, 10, 9), now=NOW
    )
    with pytest.raises(DomainError) as err:
        actions.return_loan(loan, actor=archived.clerk, condition="完好", now=NOW)
    assert err.value.code == "loan_state"
    actions.decide_loan(loan, actor=archived.director, approve=True, now=NOW)
    actions.lend(loan, actor=archived.clerk, now=NOW)
    with pytest.raises(DomainError) as err:
        actions.return_loan(loan, actor=archived.clerk, condition="", now=NOW)
    assert err.value.code == "condition_required"
    with pytest.raises(DomainError) as err:
        actions.return_loan(loan, actor=archived.clerk2, condition="完好", now=NOW)
    assert err.value.code == "loan_not_found"
    with pytest.raises(DomainError) as err:
        actions.lend(loan, actor=archived.supervisor, now=NOW)
    assert err.value.code == "permission_denied"


def test_county_admin_reads_but_does_not_borrow(archived: Any, record: ArchiveRecord) -> None:
    """Only staff of the center; the county can read (issue 14 design)."""
    assert selectors.record_for(archived.county_admin, record.pk, NOW.date()) is not None
    assert selectors.record_for(archived.clerk2, record.pk, NOW.date()) is None
