"""The duty app's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's.

Everyone at a center or station sees its roster and meetings. The director draws up the roster (编排值班表:
rotations, generation, hand edits, swaps) and schedules meetings; the duty leader schedules meetings and
records their attendance and minutes too. Whoever is on duty writes that day's duty log
(``write_dutylog``, checked against the entry's own person in ``actions.write_log``; the director may too).
"""

from bianmin.orgs.roles import Role

_VIEW = ["duty.view_dutyentry", "duty.view_meeting"]
_LOG = ["duty.write_dutylog"]
_ROSTER = ["duty.edit_roster"]
_MEETINGS = ["duty.schedule_meeting", "duty.record_meeting"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _VIEW + _LOG,
    Role.HANDLER: _VIEW + _LOG,
    Role.DUTY_LEADER: _VIEW + _LOG + _MEETINGS,
    Role.DIRECTOR: _VIEW + _LOG + _ROSTER + _MEETINGS,
    Role.SUPERVISOR: _VIEW,
    Role.AGENT: _VIEW + _LOG,
    Role.COUNTY_ADMIN: _VIEW + _ROSTER,
}
