"""The delivery hold of the collection window (``settings.STEP_HOLDS["deliver"]``): a case that owes a fee is
not delivered until it is paid or waived (000 篇8 ⑥ 统一收费制; 000 "交規定費辦完").

Right without the harvest having run: what is owed is derived from the case's frozen fee schedule and the
step it is owed at when no payable was raised yet. Reads only; one query at most.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from bianmin.cases.models import Case
from bianmin.fees.money import yuan
from bianmin.fees.selectors import owed_by
from bianmin.lib.errors import DomainError


def unpaid_fees(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    owed = owed_by(case)
    if owed <= 0:
        return None
    return DomainError(
        "fee_unpaid",
        _("尚有应缴费用 %(amount)s 未缴清（或未经批准减免），不能送达") % {"amount": yuan(owed)},
        kind="conflict",
    )
