"""The queue app's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's.

Clerks and handlers serve at the windows: they call, recall, skip, transfer and may take a number for a
visitor. The duty leader and director run the hall (and its business types in the admin); a supervisor reads
the figures.
"""

from bianmin.orgs.roles import Role

_VIEW = ["queue.view_ticket", "queue.view_businesstype"]
_COUNTER = ["queue.call_ticket", "queue.issue_ticket"]
_MANAGE = ["queue.add_businesstype", "queue.change_businesstype", "queue.delete_businesstype"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _VIEW + _COUNTER,
    Role.HANDLER: _VIEW + _COUNTER,
    Role.DUTY_LEADER: _VIEW + _COUNTER + _MANAGE,
    Role.DIRECTOR: _VIEW + _COUNTER + _MANAGE,
    Role.SUPERVISOR: _VIEW,
    Role.COUNTY_ADMIN: _VIEW,
}
