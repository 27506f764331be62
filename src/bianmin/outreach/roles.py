"""The outreach app's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's.

Everyone at a center sees its market days and home visits. The duty leader and the director plan market
days (安排赶场: date, place, leader, team); whoever serves records the day's log. A request for a home visit
is taken by a clerk or a leader, who also sends someone (派员); the one who went records the visit.
"""

from bianmin.orgs.roles import Role

_VIEW = ["outreach.view_marketday", "outreach.view_homevisit"]
_SERVE = ["outreach.record_marketday", "outreach.record_homevisit"]
_DISPATCH = ["outreach.add_homevisit", "outreach.assign_homevisit"]
_PLAN = ["outreach.schedule_marketday"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _VIEW + _SERVE + _DISPATCH,
    Role.HANDLER: _VIEW + _SERVE,
    Role.DUTY_LEADER: _VIEW + _SERVE + _DISPATCH + _PLAN,
    Role.DIRECTOR: _VIEW + _SERVE + _DISPATCH + _PLAN,
    Role.SUPERVISOR: _VIEW,
    Role.COUNTY_ADMIN: _VIEW + _PLAN,
}
