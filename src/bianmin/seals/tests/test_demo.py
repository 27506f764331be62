"""The demo's seals: each town's numbered seals with impressions, a month of uses linked to concluded cases and
documents, approved and refused requests, refused attempts, a hand-over and a suspended seal — built once."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.cases.models import Case, CaseState
from bianmin.conftest import at
from bianmin.demo.build import build_demo
from bianmin.demo.history import build_history
from bianmin.demo.seals import build_seals
from bianmin.seals.models import HandoverState, RequestState, Seal, SealAttempt, SealStatus, SealUse

pytestmark = pytest.mark.django_db

NOW = at(2026, 11, 20, 8)


def test_a_month_of_seal_uses_built_once(settings: Any, tmp_path: Any, time_machine: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    time_machine.move_to(NOW, tick=False)
    build_demo()
    build_history()
    logged = build_seals(now=NOW)
    assert logged == SealUse.objects.count() > 40
    assert set(Seal.objects.values_list("number", flat=True)) >= {
        "XH-001",
        "XH-002",
        "XH-003",
        "RT-001",
        "RT-002",
    }
    assert all(s.impression for s in Seal.objects.filter(number__in=["XH-001", "RT-002"]))
    assert SealUse.objects.filter(case__isnull=False).exists()
    assert SealUse.objects.filter(approver__isnull=False).count() == 6
    assert set(SealAttempt.objects.values_list("code", flat=True)) == {"not_custodian", "approval_required"}
    assert Seal.objects.get(number="XH-003").handovers.get().state == HandoverState.ACCEPTED
    assert Seal.objects.get(number="XH-009").status == SealStatus.SUSPENDED
    assert Seal.objects.filter(requests__state=RequestState.PENDING).count() == 2
    # the 鉴证 item needs a seal: its case concluded once its use was logged (the hold let it through)
    sealed_case = Case.objects.get(item__code="NZ004", state=CaseState.CONCLUDED)
    assert SealUse.objects.filter(case=sealed_case, seal__number="XH-002").exists()
    # a second run adds nothing
    assert build_seals(now=NOW) == 0
