"""``{% seals_case_panel case %}``: the seal uses logged for a case, and a link to log one, for the case page."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from bianmin.seals import selectors

register = template.Library()


@register.inclusion_tag("seals/_case_panel.html", takes_context=True)
def seals_case_panel(context: Any, case: Any) -> dict[str, Any]:
    """Two queries: the case's uses, and whether the reader keeps a seal of the case's center."""
    request = context.get("request")
    user = getattr(request, "user", None)
    can_log = bool(
        user is not None
        and user.has_perm("seals.use_seal")
        and selectors.kept_by(user).filter(org_id=case.org_id).exists()
    )
    return {
        "case": case,
        "uses": selectors.uses_of_case(case.pk),
        "needs_seal": bool(case.item_snapshot.get("needs_seal", False)),
        "can_log": can_log,
        "back": reverse("counter-case", args=[case.number]),
    }
