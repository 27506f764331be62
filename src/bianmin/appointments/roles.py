"""The appointments app's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's.

Everyone at a center sees its bookings. Window staff book by phone for a citizen (预约电话登记, 000 篇8),
cancel and move bookings, and check people in; the duty leader and the director may too, and they stop or
reopen slots (a meeting, a power cut). The director sets the center's slot length and places.
"""

from bianmin.orgs.roles import Role

_VIEW = ["appointments.view_appointment", "appointments.view_slotclosure"]
_BOOK = ["appointments.book_appointment", "appointments.check_in_appointment"]
_CLOSE = ["appointments.close_slots"]
_SETTINGS = [
    "appointments.view_bookingsettings",
    "appointments.add_bookingsettings",
    "appointments.change_bookingsettings",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _VIEW + _BOOK,
    Role.HANDLER: _VIEW + ["appointments.check_in_appointment"],
    Role.DUTY_LEADER: _VIEW + _BOOK + _CLOSE,
    Role.DIRECTOR: _VIEW + _BOOK + _CLOSE + _SETTINGS,
    Role.SUPERVISOR: _VIEW,
    Role.COUNTY_ADMIN: _VIEW + ["appointments.view_bookingsettings"],
}
