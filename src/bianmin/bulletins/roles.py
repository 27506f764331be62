"""The bulletins app's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's.

Everyone at a center reads its notices. A clerk drafts one; the duty leader and the director publish and
withdraw (a notice speaks for the center). The county admin runs the county's own notices, shown on every
town below it.
"""

from bianmin.orgs.roles import Role

_VIEW = ["bulletins.view_bulletin"]
_WRITE = ["bulletins.add_bulletin", "bulletins.change_bulletin"]
_PUBLISH = ["bulletins.publish_bulletin"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _VIEW + _WRITE,
    Role.HANDLER: _VIEW,
    Role.DUTY_LEADER: _VIEW + _WRITE + _PUBLISH,
    Role.DIRECTOR: _VIEW + _WRITE + _PUBLISH,
    Role.SUPERVISOR: _VIEW,
    Role.AGENT: _VIEW,
    Role.COUNTY_ADMIN: _VIEW + _WRITE + _PUBLISH,
}
