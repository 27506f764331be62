"""The workdays app's share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's."""

from bianmin.orgs.roles import Role

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # The county keeps next year's holidays and local ones (calendar overrides) for its region.
    Role.COUNTY_ADMIN: [
        "workdays.add_calendaroverride",
        "workdays.change_calendaroverride",
        "workdays.view_calendaroverride",
    ],
}
