"""The seals' hold on a case's conclusion (``settings.STEP_HOLDS["conclude"]``, read by ``cases.holds``).

003 第5篇 印章管理 (印章使用审批、登记): a result that goes out under a seal — a certificate, a 证明 — is stamped and the
stamping logged before the case is concluded. An item says so in the catalog (``needs_seal``), which the case
carries in its item snapshot; until a use of a seal is logged for the case, its conclusion is held.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from bianmin.cases.models import Case
from bianmin.lib.errors import DomainError
from bianmin.seals.models import SealUse


def seal_use_missing(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    """A refusal (``seal_use_required``) while the case's item needs a seal and no use is logged for the case;
    else None. Reads only: one query, and none for an item without a seal."""
    if not case.item_snapshot.get("needs_seal", False):
        return None
    if SealUse.objects.filter(case_id=case.pk).exists():
        return None
    return DomainError(
        "seal_use_required",
        _("该事项的办理结果须加盖印章：请先登记用印，再办结"),
        kind="conflict",
    )
