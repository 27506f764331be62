"""The security app's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's."""

from bianmin.orgs.roles import Role

# 中心主任 lifts a login lock of their own center's staff early (admin: 访问尝试, delete); the county's
# administrator does the same for the county.
_UNLOCK = ["axes.view_accessattempt", "axes.delete_accessattempt"]

ROLE_PERMISSIONS: dict[str, list[str]] = {Role.DIRECTOR: _UNLOCK, Role.COUNTY_ADMIN: _UNLOCK}
