"""The attendance app's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's.

Everyone who works at a center signs in and asks leave; the director approves leave (the 分管领导 and 党委书记
approve theirs as designated approvers, ``LeaveApprover``) and sees the center's attendance; the supervisor
sees it too. The director and the duty leader acknowledge the 空岗提醒 of their center.
"""

from bianmin.orgs.roles import Role

_SELF = ["attendance.sign_in", "attendance.request_leave"]
_SEE = ["attendance.view_attendance", "attendance.view_leaverequest", "attendance.view_signin"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _SELF,
    Role.HANDLER: _SELF,
    Role.DUTY_LEADER: _SELF + _SEE + ["attendance.acknowledge_alert", "attendance.view_emptywindowalert"],
    Role.DIRECTOR: _SELF
    + _SEE
    + [
        "attendance.acknowledge_alert",
        "attendance.view_emptywindowalert",
        "attendance.decide_leave",
        "attendance.view_leavepolicy",
        "attendance.add_leavepolicy",
        "attendance.change_leavepolicy",
        "attendance.delete_leavepolicy",
        "attendance.view_leaveapprover",
        "attendance.add_leaveapprover",
        "attendance.delete_leaveapprover",
        "attendance.view_attendancesettings",
        "attendance.change_attendancesettings",
    ],
    Role.SUPERVISOR: _SELF + _SEE + ["attendance.view_emptywindowalert"],
    Role.AGENT: _SELF,
    Role.COUNTY_ADMIN: _SEE,
}
