"""``{% fees_case_panel case %}``: what a case owes and has paid, with a link to the collection window, for
the counter's case page (统一收费). One query (none for an item without a fee)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from bianmin.catalog.models import FeeDueAt
from bianmin.fees import selectors
from bianmin.fees.models import Payable
from bianmin.fees.money import yuan as as_yuan

register = template.Library()


@register.filter
def yuan(amount: Any) -> str:
    """¥1,234.50: the figures as the receipt prints them."""
    return as_yuan(amount) if amount is not None else ""


@register.inclusion_tag("fees/_case_panel.html", takes_context=True)
def fees_case_panel(context: Any, case: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    plan = selectors.schedule(case)
    if user is None or not user.has_perm("fees.view_payable") or selectors.item_fee(case) <= 0:
        return {"panel": {"shown": False}}
    payable: Any = selectors.with_balance(Payable.objects.filter(case_id=case.pk)).first()
    reached = selectors.fee_step_reached(case, plan)
    owed = selectors.owed(case, plan, None if payable is None else payable.outstanding)
    return {
        "panel": {
            "shown": True,
            "free": plan.free,
            "proxy": case.proxy,
            "amount": plan.amount,
            "basis": plan.basis,
            "payable": payable,
            "owed": owed,
            "reached": reached,
            "when": _("办结时缴费") if plan.due_at == FeeDueAt.CONCLUSION else _("受理时缴费"),
            "number": case.number,
            "can_collect": user.has_perm("fees.collect_fee"),
        }
    }
