"""The submissions' share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's.

A center's director fills in and submits its reports (and its leaders and supervisor read them); a village
station's agent submits the station's monthly table to the town. The county admin sees every center's
reports and edits the county's reporting rules; a town director sees the stations' tables too (scope).
"""

from bianmin.orgs.roles import Role

_VIEW = ["submissions.view_submission", "submissions.view_reportrule"]
_SUBMIT = ["submissions.submit_report"]
_OVERVIEW = ["submissions.view_all_submissions"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.DUTY_LEADER: _VIEW,
    Role.SUPERVISOR: _VIEW,
    Role.DIRECTOR: _VIEW + _SUBMIT + _OVERVIEW,
    Role.AGENT: _VIEW + _SUBMIT,
    Role.COUNTY_ADMIN: _VIEW
    + _OVERVIEW
    + ["submissions.change_reportrule", "submissions.add_reportrule", "submissions.view_reportreminder"],
}
