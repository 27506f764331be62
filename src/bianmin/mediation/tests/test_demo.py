"""The demo's month of mediations at each town, in every state, built once (a second run adds nothing)."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.conftest import at
from bianmin.demo.build import build_demo
from bianmin.demo.mediation import STORIES, build_mediation
from bianmin.demo.outreach import build_outreach
from bianmin.mediation import selectors
from bianmin.mediation.models import Mediation, MediationChannel, MediationState, Outcome
from bianmin.orgs.models import Org

pytestmark = pytest.mark.django_db

NOW = at(2026, 11, 20, 8)


def test_a_month_of_mediations_built_once(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    build_demo()
    build_outreach(today=NOW.date())
    assert build_mediation(now=NOW) == 2 * len(STORIES)
    assert build_mediation(now=NOW) == 0
    town = Org.objects.get(code="360781100")
    rows = Mediation.objects.filter(org=town)
    assert {m.state for m in rows} == set(MediationState.values)
    assert {m.channel for m in rows} == set(MediationChannel.values)
    assert {m.outcome for m in rows} >= {Outcome.AGREEMENT, Outcome.NO_AGREEMENT, Outcome.REFERRED}
    whats = {w.what for w in selectors.due_warnings([town.pk], NOW.date())}
    assert whats == {"overdue", "follow_up_overdue", "near"}
    assert rows.filter(agreement__concluded_at__isnull=True, agreement__isnull=False).count() == 1
