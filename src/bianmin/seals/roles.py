"""The seals app's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's.

003 第5篇 印章管理 asks for 印章使用审批、登记、备案: the director registers the center's seals (备案) and, with the duty
leader, approves uses (审批); the staff who keep a seal log its uses (登记, and the actions check they are its
custodian); anyone at the counter may ask for a use. Supervisors and the county read the registry, the uses and
the refused attempts.
"""

from bianmin.orgs.roles import Role

_VIEW = [
    "seals.view_seal",
    "seals.view_sealuse",
    "seals.view_sealrequest",
    "seals.view_sealattempt",
    "seals.view_sealhandover",
]
_WORK = ["seals.use_seal", "seals.request_seal_use"]
_APPROVE = ["seals.approve_seal_use"]
_MANAGE = ["seals.manage_seal"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _VIEW + _WORK,
    Role.HANDLER: _VIEW + _WORK,
    Role.DUTY_LEADER: _VIEW + _WORK + _APPROVE,
    Role.DIRECTOR: _VIEW + _WORK + _APPROVE + _MANAGE,
    Role.SUPERVISOR: _VIEW,
    Role.COUNTY_ADMIN: _VIEW,
}
