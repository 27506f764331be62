"""The archive app's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's.

The center's staff keep its archive (003 曾家镇: 各窗口要做好…立卷归档工作): they read it, borrow files, file and
close boxes, and register loans going out and coming back. The director sets the retention of each item
category, approves loans and disposals, and may propose a disposal (another director approves it).
Supervisors read and may borrow; the county reads its towns' archives.
"""

from bianmin.orgs.roles import Role

_VIEW = [
    "archive.view_box",
    "archive.view_archiverecord",
    "archive.view_loan",
    "archive.view_disposal",
    "archive.view_retentionrule",
]
_KEEP = ["archive.request_loan", "archive.lend_loan", "archive.file_records", "archive.propose_disposal"]
_DIRECT = ["archive.approve_loan", "archive.approve_disposal", "archive.manage_retention"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _VIEW + _KEEP,
    Role.HANDLER: _VIEW + _KEEP,
    Role.DUTY_LEADER: _VIEW + _KEEP,
    Role.DIRECTOR: _VIEW + _KEEP + _DIRECT,
    Role.SUPERVISOR: _VIEW + ["archive.request_loan"],
    Role.COUNTY_ADMIN: _VIEW,
}
