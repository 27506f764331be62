"""The cases app's share of each role's rights (岗位职责); ``orgs.roles.ensure_roles`` gathers every app's."""

from bianmin.orgs.roles import Role

_CASE_WORK = [
    "cases.view_case",
    "cases.register_case",
    "cases.accept_case",
    "cases.handle_case",
    "cases.deliver_case",
    "cases.archive_case",
]
# 带班领导/中心主任 (and the county's admin above them): approve extensions, see full ID numbers, and act in
# place of a handler or a joint window (``cases.lead_center``).
_LEADING = ["cases.approve_extension", "cases.reveal_id_number", "cases.lead_center"]
# The leader's day (000 篇2 帶班領導): 批示 on the day's cases and 督办 of late ones; supervisors (监察) and the
# county's admin urge too (001 电子监察).
_REVIEW = ["cases.review_case", "cases.urge_case"]
_URGE = ["cases.urge_case"]

# The network: a town's clerk escalates to the county; the county's clerk takes or returns what towns sent.
_NETWORK = ["cases.escalate_case", "cases.decide_escalation"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _CASE_WORK + _NETWORK,
    Role.HANDLER: ["cases.view_case", "cases.handle_case", "cases.deliver_case"],
    Role.DUTY_LEADER: _CASE_WORK + _LEADING + _NETWORK + _REVIEW,
    Role.DIRECTOR: _CASE_WORK + _LEADING + _NETWORK + _REVIEW,
    Role.SUPERVISOR: ["cases.view_case", "cases.reveal_id_number"] + _URGE,
    # 代办员: registers and forwards villagers' matters, hands results back, and accepts and concludes the
    # items delegated to the station (acting only where the case is theirs: ``guards.holder_refusal``).
    Role.AGENT: _CASE_WORK + ["cases.forward_case"],
    Role.COUNTY_ADMIN: _CASE_WORK + _LEADING + _NETWORK + _URGE,
}
