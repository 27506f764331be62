"""Each role's share of the outreach rights (roles.py), as ``ensure_roles`` grants them."""

from __future__ import annotations


def test_who_may_do_what(town):
    plan, log, dispatch = (
        "outreach.schedule_marketday",
        "outreach.record_marketday",
        "outreach.assign_homevisit",
    )
    assert town.director.has_perm(plan) and town.leader.has_perm(plan)
    assert not town.clerk.has_perm(plan) and town.clerk.has_perm(log) and town.clerk.has_perm(dispatch)
    assert town.handler.has_perm("outreach.record_homevisit") and not town.handler.has_perm(dispatch)
    assert town.supervisor.has_perm("outreach.view_marketday") and not town.supervisor.has_perm(log)
    assert town.county_admin.has_perm("outreach.view_homevisit") and not town.county_admin.has_perm(dispatch)
