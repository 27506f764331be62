"""The mediation app's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's.

Staff of the center's windows (the 治安调解窗口 is one of them, 000 Ruijin standard) and village agents (000 篇1:
the village room takes 民事纠纷调解类) register disputes and mediate them; a duty leader or the director
approves the one extension of the time limit. Supervisors and the county read.
"""

from bianmin.orgs.roles import Role

_VIEW = ["mediation.view_mediation"]
_WORK = ["mediation.add_mediation", "mediation.mediate_mediation"]
_LEAD = ["mediation.extend_mediation"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _VIEW + _WORK,
    Role.HANDLER: _VIEW + _WORK,
    Role.DUTY_LEADER: _VIEW + _WORK + _LEAD,
    Role.DIRECTOR: _VIEW + _WORK + _LEAD,
    Role.SUPERVISOR: _VIEW,
    Role.AGENT: _VIEW + _WORK,
    Role.COUNTY_ADMIN: _VIEW,
}
