"""The feedback app's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's.

好差评: a clerk or handler sees the ratings of their own service and puts the window's evaluator to work
(请评价); the duty leader and the director see the center's ratings and handle rectifications and follow-up
calls; the director also registers the hall's evaluators and checks rectifications; the supervisor (纪委)
sees all, marks a rating malicious or mistaken, assigns a rectification's owner and checks it.
"""

from bianmin.orgs.roles import Role

_OWN = ["feedback.view_rating", "feedback.request_rating"]
_ALL = ["feedback.view_rating", "feedback.view_all_ratings"]
_HANDLE = ["feedback.handle_rectification"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _OWN,
    Role.HANDLER: _OWN,
    Role.DUTY_LEADER: _OWN + _ALL + _HANDLE,
    Role.DIRECTOR: _OWN + _ALL + _HANDLE + ["feedback.verify_rectification", "feedback.manage_evaluator"],
    Role.SUPERVISOR: _ALL
    + [
        "feedback.exclude_rating",
        "feedback.assign_rectification",
        "feedback.verify_rectification",
    ],
    Role.COUNTY_ADMIN: _ALL,
}
