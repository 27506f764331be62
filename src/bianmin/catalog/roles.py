"""The catalog app's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's."""

from bianmin.orgs.roles import Role

_READ = ["catalog.view_serviceitem"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _READ,
    Role.HANDLER: _READ,
    Role.DUTY_LEADER: _READ,
    Role.DIRECTOR: _READ + ["catalog.enable_serviceitem"],
    Role.SUPERVISOR: _READ,
    Role.AGENT: _READ,
    # 事项由县级中心统一制定: the county defines and publishes items; centers enable them.
    Role.COUNTY_ADMIN: _READ
    + [
        "catalog.add_serviceitem",
        "catalog.change_serviceitem",
        "catalog.publish_serviceitem",
        "catalog.enable_serviceitem",
    ],
}
