"""The fees app's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's.

Clerks collect at the collection window (收款、开具、退款, and void their own same-day payments). The duty
leader also voids a colleague's payment and closes the day; the director closes the day and alone approves
waivers (catalog: 减免须经中心主任批准). Supervisors and county admins read.
"""

from bianmin.orgs.roles import Role

_VIEW = ["fees.view_payable", "fees.view_entry", "fees.view_dayclose"]
_COLLECT = ["fees.collect_fee"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _VIEW + _COLLECT,
    Role.HANDLER: _VIEW + _COLLECT,
    Role.DUTY_LEADER: _VIEW + _COLLECT + ["fees.void_entry", "fees.close_day"],
    Role.DIRECTOR: _VIEW + _COLLECT + ["fees.void_entry", "fees.close_day", "fees.waive_fee"],
    Role.SUPERVISOR: _VIEW,
    Role.COUNTY_ADMIN: _VIEW,
}
