"""The consultations app's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's.

Whoever answers citizens logs their questions and follows up their own (首问负责, 003 曾家镇): clerks,
handlers, leaders, the director and village agents. Leaders and the director may also hand over a question
someone else is responsible for (a colleague away, 003 首问负责制 四). The director writes and publishes the
item's FAQ. Supervisors and the county read the log.
"""

from bianmin.orgs.roles import Role

_VIEW = ["consultations.view_consultation", "consultations.view_faq"]
_LOG = ["consultations.add_consultation", "consultations.follow_consultation"]
_LEAD = ["consultations.reassign_consultation"]
_FAQ = ["consultations.publish_faq"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _VIEW + _LOG,
    Role.HANDLER: _VIEW + _LOG,
    Role.DUTY_LEADER: _VIEW + _LOG + _LEAD,
    Role.DIRECTOR: _VIEW + _LOG + _LEAD + _FAQ,
    Role.SUPERVISOR: _VIEW,
    Role.AGENT: _VIEW + _LOG,
    Role.COUNTY_ADMIN: _VIEW,
}
