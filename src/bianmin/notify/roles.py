"""The notify app's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's.

Every staff member sees their center's outbox (who was told what, and whether it arrived) and its print
list; clerks record a citizen's SMS opt-out at the window. The director words the center's notices, the
county admin the county's (which its towns inherit).
"""

from bianmin.orgs.roles import Role

_VIEW = ["notify.view_message", "notify.view_optout"]
_OPT_OUT = ["notify.add_optout", "notify.delete_optout", "notify.change_message"]  # and retry a failed one
_TEMPLATES = ["notify.view_messagetemplate", "notify.edit_template"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _VIEW + _OPT_OUT,
    Role.HANDLER: _VIEW,
    Role.DUTY_LEADER: _VIEW + _OPT_OUT,
    Role.DIRECTOR: _VIEW + _OPT_OUT + _TEMPLATES,
    Role.SUPERVISOR: _VIEW,
    Role.AGENT: [],
    Role.COUNTY_ADMIN: _VIEW + _OPT_OUT + _TEMPLATES,
}
