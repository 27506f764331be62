"""整改通知书 (002 天彭镇: 便民服务督查组……下发整改通知书，限期整改): the numbered notice of a rectification, as
PDF rendered by the same WeasyPrint set-up as the case notices. The citizen is not named on it (the reason
is quoted, the case is named by its number)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from bianmin.cases.pdf import render_pdf
from bianmin.feedback.models import Rectification


def rectification_html(rect: Rectification) -> str:
    rating = rect.rating
    staff = getattr(rating.staff, "staff", None) if rating.staff_id else None
    owner = getattr(rect.owner, "staff", None) if rect.owner_id else None
    context = {
        "rect": rect,
        "rating": rating,
        "org": rect.org,
        "case": rating.case,
        "staff_name": staff.name if staff else "",
        "owner_name": owner.name if owner else "",
        "window": rating.window,
        "opened_on": timezone.localtime(rect.opened_at).date(),
        "rated_at": timezone.localtime(rating.created_at),
    }
    with translation.override("zh-hans"):
        return render_to_string("feedback/rectification_notice.html", context)


def rectification_pdf(rect: Rectification) -> bytes:
    return render_pdf(rectification_html(rect))
