"""Two people acting on one complaint at the same moment: one wins, the other is told plainly, and nothing is
written twice. On PostgreSQL both transactions really run at once (SQLite serialises writers, so there the
race cannot happen and the test is skipped)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection, connections

from bianmin.complaints import actions
from bianmin.complaints.models import Complaint, ComplaintState, ReplyNotice
from bianmin.complaints.tests.conftest import MORNING, complain
from bianmin.conftest import make_staff
from bianmin.lib.errors import DomainError
from bianmin.orgs.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


def race(act: Callable[[Any], Any], actors: list[Any]) -> list[str]:
    """Run ``act(actor)`` for each actor in its own thread, all released together; "ok" or "status:code"."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    barrier = threading.Barrier(len(actors))

    def attempt(actor: Any) -> str:
        try:
            barrier.wait()
            act(actor)
            return "ok"
        except DomainError as err:
            return f"{err.status}:{err.code}"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(actors)) as pool:
        return sorted(pool.map(attempt, actors))


def test_two_supervisors_deciding_one_complaint_at_once_give_one_decision(world: Any) -> None:
    """003 曾家镇 效能投诉 四: the complaint is decided once, upheld or not; a second supervisor deciding at the
    same moment is refused with already_decided, not silently overwritten."""
    # given a complaint answered by phone, and a second supervisor at 象湖镇
    other = make_staff("xu", world.town, Role.SUPERVISOR, "徐监察")
    complaint = complain(world)
    actions.reply_complaint(complaint, actor=world.leader, text="已致歉", mode="phone", now=MORNING)
    verdicts = {world.supervisor.pk: True, other.pk: False}

    # when both decide at once, one upheld and the other not
    outcomes = race(
        lambda user: actions.decide_complaint(
            complaint.pk, actor=user, upheld=verdicts[user.pk], findings="核实", reason=f"由{user.pk}认定"
        ),
        [world.supervisor, other],
    )

    # then one decision stands and the other is refused
    assert outcomes == ["409:already_decided", "ok"]
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.state == ComplaintState.DECIDED
    # and the decision kept is whole: the verdict and reason of the same supervisor
    assert complaint.upheld == verdicts[complaint.decided_by_id]
    assert complaint.decision_reason == f"由{complaint.decided_by_id}认定"


def test_two_clerks_answering_one_letter_at_once_issue_one_reply_notice(world: Any) -> None:
    """003 曾家镇 效能投诉 七 书面投诉必须书面答复: one answer and one numbered reply notice, however many
    people press 答复 at the same moment; the other is told it was already answered."""
    complaint = complain(world, channel="letter")

    outcomes = race(
        lambda user: actions.reply_complaint(
            complaint.pk, actor=user, text=f"{user.username}的答复", mode="written"
        ),
        [world.leader, world.director],
    )

    assert outcomes == ["409:already_replied", "ok"]
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.state == ComplaintState.REPLIED
    assert complaint.replied_by is not None
    assert complaint.reply_text == f"{complaint.replied_by.username}的答复"
    notice = ReplyNotice.objects.get()
    assert notice.complaint_id == complaint.pk and notice.seq == 1
    assert complaint.reply_text in notice.html
