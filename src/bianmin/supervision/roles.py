"""The supervision app's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's.

The board and the cards are seen by the center's supervisor (监察/纪委), its director and duty leaders, and
the county's admin for every center below; only the supervisor confirms or dismisses a card and rules a
rejection unjustified (DESIGN.md: supervisor — e-supervision board, complaints, accountability).
"""

from bianmin.orgs.roles import Role

_VIEW = ["supervision.view_cardrecord"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.DUTY_LEADER: _VIEW,
    Role.DIRECTOR: _VIEW,
    Role.SUPERVISOR: _VIEW + ["supervision.decide_card"],
    Role.COUNTY_ADMIN: _VIEW,
}
