"""The hold on concluding a case whose result needs a seal (003 第5篇 印章管理: 印章使用审批、登记): the item says
so (``needs_seal``), and until a use of a seal is logged for the case its conclusion is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bianmin.cases import actions as case_actions
from bianmin.cases.models import CaseState
from bianmin.conftest import person
from bianmin.lib.errors import DomainError
from bianmin.seals import actions
from bianmin.seals.holds import seal_use_missing
from bianmin.seals.tests.conftest import NOW, minutes

pytestmark = pytest.mark.django_db
MATERIALS = ["居民身份证", "户口簿", "家庭收入证明"]


def accepted(w: Any, code: str) -> Any:
    case = case_actions.register(
        actor=w.clerk, item_code=code, applicant=person(), received_materials=MATERIALS, now=minutes(1)
    ).case
    return case_actions.accept(case, actor=w.clerk, now=minutes(2)).case


def test_a_certificate_is_not_concluded_before_its_seal_use_is_logged(sealed: Any) -> None:
    w = sealed
    case = accepted(w, "ZH009")
    with pytest.raises(DomainError) as err:
        case_actions.conclude(case, actor=w.clerk, result="granted", now=minutes(10))
    assert err.value.code == "seal_use_required" and err.value.kind == "conflict"
    case.refresh_from_db()
    assert case.state == CaseState.ACCEPTED
    # when clerk Li stamps the certificate with the 业务专用章 and logs it
    actions.log_use(w.business, actor=w.clerk, impressions=1, case_number=case.number, now=minutes(11))
    # then the case concludes
    done = case_actions.conclude(case, actor=w.clerk, result="granted", now=minutes(12)).case
    assert done.state == CaseState.CONCLUDED


def test_an_item_without_a_seal_is_not_held_and_asks_nothing(sealed: Any) -> None:
    w = sealed
    case = accepted(w, "ZH001")
    with CaptureQueriesContext(connection) as queries:
        assert seal_use_missing(case, w.clerk, NOW.date()) is None
    assert len(queries) == 0
    held = accepted(w, "ZH009")
    with CaptureQueriesContext(connection) as queries:
        assert seal_use_missing(held, w.clerk, NOW.date()) is not None
    assert len(queries) == 1
