"""What a citizen without an account may do with appointments, and the per-client limits on it.

Every online booking takes a slot of a per-client limit first, accepted or refused (a form anyone may post
must not be a way to fill a center's day). Finding one's booking by code and phone (to cancel or move it)
counts only wrong pairs, like the public case lookup: a wrong code and a wrong phone answer alike, so codes
cannot be guessed. Viewing the free slots has a generous limit of its own. All of it is the project's limit
machinery (``security.limits.FailureLimit``); call these outside a transaction.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from bianmin.appointments import selectors
from bianmin.appointments.models import Appointment
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_id, mask_name, mask_phone
from bianmin.security.limits import FailureLimit

BOOKING_LIMIT = FailureLimit(
    "public_appointment", settings.PUBLIC_APPOINTMENT_LIMIT, settings.PUBLIC_APPOINTMENT_WINDOW
)
LOOKUP_LIMIT = FailureLimit(
    "appointment_lookup", settings.PROGRESS_LOOKUP_LIMIT, settings.PROGRESS_LOOKUP_WINDOW
)
SLOTS_LIMIT = FailureLimit("public_slots", settings.PUBLIC_SLOTS_LIMIT, settings.PUBLIC_SLOTS_WINDOW)


def reserve_booking(request: HttpRequest) -> None:
    if not BOOKING_LIMIT.reserve(request):
        raise DomainError("too_many_bookings", _("提交过于频繁，请稍后再试"), kind="throttled")


def reserve_slots_view(request: HttpRequest) -> None:
    if not SLOTS_LIMIT.reserve(request):
        raise DomainError("too_many_requests", _("访问过于频繁，请稍后再试"), kind="throttled")


def find_for_citizen(request: HttpRequest, code: Any, phone: Any) -> Appointment:
    """The booking for code + phone; once a client has failed too often, even the right pair is refused
    until the window passes."""
    if not LOOKUP_LIMIT.reserve(request):
        raise DomainError("too_many_attempts", _("预约码或手机号错误次数过多，请稍后再试"), kind="throttled")
    found = selectors.for_citizen(code, phone)
    if found is None:
        raise DomainError("appointment_not_found", _("预约码或手机号不正确"), kind="not_found")
    LOOKUP_LIMIT.release(request)
    return found


def masked(appointment: Appointment) -> dict[str, str]:
    """The person as every list and the citizen's own pages show them (lib.identity, one policy)."""
    return {
        "name": mask_name(appointment.name),
        "phone": mask_phone(appointment.phone),
        "id_number": mask_id(appointment.id_number),
    }
