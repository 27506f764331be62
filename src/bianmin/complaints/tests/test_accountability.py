"""The upheld complaints per staff member per year, read by the supervision board's accountability levels.

003 曾家镇 责任追究: 工作作风和服务态度差,多次(3次及以上)受到投诉的 is the severe level."""

from __future__ import annotations

from typing import Any

from bianmin.complaints.models import Complaint, ComplaintState
from bianmin.complaints.selectors import upheld_complaints_by_staff
from bianmin.conftest import at


def _complaint(world: Any, staff: Any, *, upheld: bool | None, when: Any, org: Any = None) -> Complaint:
    return Complaint.objects.create(
        org=org or world.town,
        channel="phone",
        content="态度生硬",
        against_staff=staff.staff,
        received_at=when,
        received_on=when.date(),
        due_date=when.date(),
        state=ComplaintState.DECIDED if upheld is not None else ComplaintState.OPEN,
        upheld=upheld,
        decided_at=when if upheld is not None else None,
    )


def test_upheld_complaints_counted_per_staff_for_the_year_received(world: Any) -> None:
    for _ in range(3):
        _complaint(world, world.clerk, upheld=True, when=at(2026, 3, 2))
    _complaint(world, world.clerk, upheld=False, when=at(2026, 3, 2))  # not upheld: not counted
    _complaint(world, world.clerk, upheld=None, when=at(2026, 3, 2))  # undecided: not counted
    _complaint(world, world.clerk, upheld=True, when=at(2025, 12, 31, 16))  # last year's
    _complaint(world, world.handler, upheld=True, when=at(2026, 5, 6))
    _complaint(world, world.clerk2, upheld=True, when=at(2026, 5, 6), org=world.town2)  # another center

    counts = upheld_complaints_by_staff([world.town.pk], 2026)

    assert counts == {world.clerk.pk: 3, world.handler.pk: 1}
    assert upheld_complaints_by_staff([world.town.pk, world.town2.pk], 2025) == {world.clerk.pk: 1}
    assert upheld_complaints_by_staff([], 2026) == {}
