"""The reporting rules in the admin (报送制度): the county admin edits their county's; a town's director
reads the rules their center reports by and cannot change them, whatever they were granted; another
county's rules are out of reach (the scope guard in orgs/tests/test_admin_scope.py checks every admin)."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.test import Client

from bianmin.conftest import OrgFactory
from bianmin.orgs.models import OrgKind
from bianmin.submissions.actions import ensure_default_rules
from bianmin.submissions.models import ReportRule


def staff_client(user, *codenames):  # type: ignore[no-untyped-def]
    user.is_staff = True
    user.save()
    for codename in codenames:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="submissions", codename=codename)
        )
    client = Client()
    client.force_login(user)
    return client


def body(rule, **changes):  # type: ignore[no-untyped-def]
    return {
        "county": rule.county_id,
        "kind": rule.kind,
        "submitter_level": rule.submitter_level,
        "recipient_level": rule.recipient_level,
        "due_day": rule.due_day or "",
        "active": "on",
        "source_text": rule.source_text,
    } | changes


def test_the_county_admin_edits_the_countys_rule_and_a_director_only_reads_it(world):
    ensure_default_rules(world.county)
    other = OrgFactory(kind=OrgKind.COUNTY, name="于都县政务服务中心", code="360731")
    ensure_default_rules(other)
    monthly = ReportRule.objects.get(county=world.county, kind="monthly")
    url = f"/admin/submissions/reportrule/{monthly.pk}/change/"
    # the director of 象湖镇 sees 瑞金's four rules, not 于都's, and cannot change one even when granted to
    director = staff_client(world.director, "change_reportrule")
    listed = {r.pk for r in director.get("/admin/submissions/reportrule/").context["cl"].result_list}
    assert listed == set(ReportRule.objects.filter(county=world.county).values_list("pk", flat=True))
    director.post(url, body(monthly, due_day=8))
    monthly.refresh_from_db()
    assert monthly.due_day == 5
    # the county admin moves the monthly report to the 8th
    county = staff_client(world.county_admin)
    assert county.post(url, body(monthly, due_day=8)).status_code == 302
    monthly.refresh_from_db()
    assert monthly.due_day == 8
    # and cannot open 于都's
    theirs = ReportRule.objects.get(county=other, kind="monthly")
    response = county.get(f"/admin/submissions/reportrule/{theirs.pk}/change/", follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
