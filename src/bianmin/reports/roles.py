"""The reports' share of each role's rights; ``orgs.roles.ensure_roles`` gathers every app's.

The statistics table is the center's management figure: the director (who reports to the county, 001 8),
the duty leader (who answers for the day's service, 000 篇2), the supervisor (电子监察) and the county's
administrators read it. Clerks, handlers and agents do not: their own work is on the counter's lists and
the assessment. Which orgs each sees is ``selectors.statistics_orgs``: a county role the county and every
org below it, a director the town and its stations, a duty leader or supervisor their own center.
"""

from bianmin.orgs.roles import Role

_VIEW = ["reports.view_statistics"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.DUTY_LEADER: _VIEW,
    Role.DIRECTOR: _VIEW,
    Role.SUPERVISOR: _VIEW,
    Role.COUNTY_ADMIN: _VIEW,
}
