"""Rows of every seals admin at both towns, for the admin-scope guard (orgs/tests/test_admin_scope.py)."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.conftest import make_staff
from bianmin.lib.errors import DomainError
from bianmin.orgs.roles import Role
from bianmin.seals import actions
from bianmin.seals.models import Seal, SealAttempt, SealHandover, SealKind, SealRequest, SealUse
from bianmin.seals.tests.conftest import NOW, minutes


def make_rows(w: Any) -> None:
    """At 象湖镇 and 壬田镇 the clerk keeps a 公章 and a 便民服务专用章 (written directly: 壬田镇 has no director to
    register them). The 便民服务专用章 is stamped (a use); a 公章 use is asked for (a request) and tried without
    the approval (an attempt); then the 公章 is handed to a colleague (壬田镇's new clerk Sun)."""
    w.clerk2b = make_staff("sun", w.town2, Role.CLERK, "孙外镇")
    for org, clerk, colleague, prefix in (
        (w.town, w.clerk, w.handler, "XH"),
        (w.town2, w.clerk2, w.clerk2b, "RT"),
    ):
        official, business = (
            Seal.objects.create(
                org=org,
                number=f"{prefix}-10{n}",
                name=f"{org.short_name}{name}",
                kind=kind,
                needs_approval=kind == SealKind.OFFICIAL,
                custodian=clerk.staff,
                registered_at=NOW,
                registered_by=clerk,
                updated_at=NOW,
            )
            for n, name, kind in ((1, "公章", SealKind.OFFICIAL), (2, "便民服务专用章", SealKind.BUSINESS))
        )
        actions.log_use(business, actor=clerk, impressions=1, document="村民证明材料", now=minutes(5))
        actions.request_use(
            official, actor=clerk, purpose="上报材料", impressions=1, document="年度报告", now=minutes(7)
        )
        with pytest.raises(DomainError, match="须经审批"):
            actions.log_use(official, actor=clerk, impressions=1, document="年度报告", now=minutes(10))
        actions.hand_over(official, actor=clerk, to=colleague.staff, now=minutes(15))


def out_of_reach(w: Any) -> dict[type, Any]:
    return {
        Seal: Seal.objects.filter(org=w.town2).first(),
        SealUse: SealUse.objects.get(org=w.town2),
        SealRequest: SealRequest.objects.get(org=w.town2),
        SealAttempt: SealAttempt.objects.get(org=w.town2),
        SealHandover: SealHandover.objects.get(org=w.town2),
    }
