"""The assessment's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's.

Every staff member sees their own score entries and the rankings of their center. The director and the
supervisor see everyone's entries; the director edits the table (a new version), records manual entries,
approves or refuses them and runs the month's scoring; the supervisor may record a manual entry (with its
evidence) for the director to approve.
"""

from bianmin.orgs.roles import Role

_VIEW = ["performance.view_scoreentry", "performance.view_ruletable"]
_ALL = ["performance.view_all_scores"]
_RECORD = ["performance.record_manual_score"]
_DIRECT = ["performance.decide_score", "performance.edit_ruletable", "performance.run_scoring"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _VIEW,
    Role.HANDLER: _VIEW,
    Role.AGENT: _VIEW,
    Role.DUTY_LEADER: _VIEW,
    Role.DIRECTOR: _VIEW + _ALL + _RECORD + _DIRECT,
    Role.SUPERVISOR: _VIEW + _ALL + _RECORD,
    Role.COUNTY_ADMIN: _VIEW + _ALL,
}
