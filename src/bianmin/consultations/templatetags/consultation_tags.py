"""The item's FAQ on its public guide page (hall ``guide_item.html`` includes ``consultations/_guide_faq.html``)."""

from __future__ import annotations

from typing import Any

from django import template

from bianmin.consultations.selectors import published_faq

register = template.Library()


@register.simple_tag
def item_faq(item: Any, org: Any = None) -> list[Any]:
    """The published questions and answers of ``item`` (the chosen center's, else every center's)."""
    return published_faq(item, org or None)
