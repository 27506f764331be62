"""The complaints app's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's.

003 曾家镇效能投诉制度: the center's management office receives complaints (一、) and keeps the complainant
confidential (三、). So every staff member at the hall may record a complaint said at the counter or read
from the box, and the clerks and leaders answer it; only the supervisor (监察) sees who complained and
decides whether a complaint is upheld; the director and the duty leader see the complaints (masked) and
answer them. The opinion book is kept by the clerks; the leaders answer and adopt suggestions.
"""

from bianmin.orgs.roles import Role

_VIEW = ["complaints.view_complaint", "complaints.view_opinionentry"]
_RECORD = ["complaints.add_complaint", "complaints.add_opinionentry"]
_REPLY = ["complaints.reply_complaint", "complaints.answer_opinionentry"]
_LEAD = ["complaints.refer_complaint", "complaints.adopt_opinionentry"]
_SUPERVISE = ["complaints.decide_complaint", "complaints.see_complainant", "complaints.refer_complaint"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _VIEW + _RECORD + _REPLY,
    Role.HANDLER: _VIEW + _RECORD,
    Role.DUTY_LEADER: _VIEW + _RECORD + _REPLY + _LEAD,
    Role.DIRECTOR: _VIEW + _RECORD + _REPLY + _LEAD,
    Role.SUPERVISOR: _VIEW + _RECORD + _REPLY + _SUPERVISE + ["complaints.adopt_opinionentry"],
    Role.COUNTY_ADMIN: _VIEW,
}
