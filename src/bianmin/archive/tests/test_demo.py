"""The demo gets boxes (issue 14 part 4): the history's archived cases filed, a closed box, loans in every state
with one overdue, and a disposal of an expired (back-dated, labelled) file; built once."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.archive import selectors
from bianmin.archive.models import ArchiveRecord, Box, Disposal, DisposalState, Loan, LoanState
from bianmin.conftest import at
from bianmin.demo.archive import BACKDATED_REMARK, build_archive
from bianmin.demo.build import build_demo
from bianmin.demo.history import build_history
from bianmin.orgs.models import Org

pytestmark = pytest.mark.django_db

NOW = at(2026, 11, 20, 8)


def test_the_demo_files_boxes_loans_and_a_disposal_once(
    settings: Any, tmp_path: Any, time_machine: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    time_machine.move_to(NOW, tick=False)
    build_demo()
    build_history()
    filed = build_archive(now=NOW)
    town = Org.objects.get(code="360781100")
    assert filed == ArchiveRecord.objects.count() >= 7
    assert Box.objects.filter(org=town, closed_at__isnull=False).exists()
    assert set(Loan.objects.filter(org=town).values_list("state", flat=True)) == set(LoanState.values)
    director = town.staff.get(user__username="director").user
    assert selectors.overdue_count(director, NOW.date()) == 1
    disposal = Disposal.objects.get(org=town)
    assert disposal.state == DisposalState.APPROVED
    assert ArchiveRecord.objects.get(disposal=disposal).remarks == BACKDATED_REMARK
    # when the demo runs again nothing is added twice
    assert build_archive(now=NOW) == filed
    assert Loan.objects.filter(org=town).count() == 6 and Disposal.objects.count() == 1
