"""Rows of every consultations admin at both towns, for the admin-scope guard
(orgs/tests/test_admin_scope.py)."""

from __future__ import annotations

from typing import Any

from bianmin.conftest import at
from bianmin.consultations import actions
from bianmin.consultations.models import Consultation, Faq, FaqState


def make_rows(w: Any) -> None:
    """A consultation logged by each town's clerk and a published FAQ entry at 象湖镇 and at 壬田镇."""
    for org, clerk in ((w.town, w.clerk), (w.town2, w.clerk2)):
        actions.log(actor=clerk, topic="低保需要哪些材料", how="on_the_spot", now=at(2026, 3, 2, 9))
        Faq.objects.create(
            org=org,
            item=w.dibao,
            question="低保需要哪些材料",
            answer="身份证、户口簿、收入证明",
            state=FaqState.PUBLISHED,
            updated_at=at(2026, 3, 2, 10),
            updated_by=clerk,
            published_at=at(2026, 3, 2, 10),
        )


def out_of_reach(w: Any) -> dict[type, Any]:
    return {
        Consultation: Consultation.objects.get(org=w.town2),
        Faq: Faq.objects.get(org=w.town2),
    }
