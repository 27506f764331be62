"""The admin is scoped like the pages and the API (issue 8): a town's director reaches only their own center,
a county admin their county and everything below it — in lists, object pages, choices, filters, autocomplete
and saves. A director must never be able to move themselves (or a window) into another center and then read
that center's cases.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.test import Client, RequestFactory

from bianmin.appointments.tests import scope_rows as appointments_rows
from bianmin.archive.tests import scope_rows as archive_rows
from bianmin.attendance.tests import scope_rows as attendance_rows
from bianmin.bulletins.tests import scope_rows as bulletins_rows
from bianmin.cases.models import AuditSeal, Case, CaseEvent, Notice, OneTimeNoticeBreach
from bianmin.catalog.models import ServiceItem, ServiceItemVersion
from bianmin.complaints.models import Complaint, OpinionEntry
from bianmin.consultations.tests import scope_rows as consultations_rows
from bianmin.disclosure.tests import scope_rows as disclosure_rows
from bianmin.duty.tests import scope_rows as duty_rows
from bianmin.feedback.models import Rating
from bianmin.fees.tests import scope_rows as fees_rows
from bianmin.mediation.tests import scope_rows as mediation_rows
from bianmin.notify.tests import scope_rows as notify_rows
from bianmin.orgs.models import Org, Staff, Window, WindowPost
from bianmin.orgs.tests.conftest import OUR_ADMINS, grant, login, register, url
from bianmin.outreach.models import HomeVisit, MarketDay
from bianmin.performance.tests import scope_rows as performance_rows
from bianmin.queue.tests import scope_rows as queue_rows
from bianmin.seals.tests import scope_rows as seals_rows
from bianmin.submissions.tests import scope_rows as submissions_rows
from bianmin.supervision.models import CardRecord, SweepMark
from bianmin.workdays.models import CalendarOverride


# What each row is "of": the org ids (or calendar region) its scope is decided by.
def row_orgs(obj: Any) -> set[Any]:
    if isinstance(obj, Org):
        return {obj.pk}
    if isinstance(obj, WindowPost):
        return {obj.window.org_id}
    if isinstance(obj, ServiceItem):
        return {obj.owner_id, *obj.enabled_at.values_list("pk", flat=True)}
    if isinstance(obj, ServiceItemVersion):
        return row_orgs(obj.item)
    if isinstance(obj, CalendarOverride):
        return {obj.region_code}
    if attendance_rows.row_org(obj) is not None:
        return {attendance_rows.row_org(obj)}
    if notify_rows.row_org(obj) is not None:
        return {notify_rows.row_org(obj)}
    return {obj.org_id}


def out_of_reach(w: Any) -> dict[type, Any]:
    """For each admin of ours, one row the director of 象湖镇 must never reach."""
    return {
        Org: w.town2,
        Window: w.mz2,
        Staff: Staff.objects.get(user=w.clerk2),
        WindowPost: WindowPost.objects.get(window=w.mz2),
        ServiceItem: w.yudu_item,
        ServiceItemVersion: w.yudu_item.current,
        CalendarOverride: w.yudu_day,
        Complaint: Complaint.objects.get(org=w.town2),
        OpinionEntry: OpinionEntry.objects.get(org=w.town2),
        Case: w.case2,
        CaseEvent: CaseEvent.objects.filter(case=w.case2).first(),
        Notice: Notice.objects.filter(case=w.case2).first(),
        OneTimeNoticeBreach: OneTimeNoticeBreach.objects.get(case=w.case2),
        AuditSeal: AuditSeal.objects.get(org=w.town2),
        Rating: Rating.objects.get(case=w.case2),
        MarketDay: MarketDay.objects.get(org=w.town2),
        HomeVisit: HomeVisit.objects.get(org=w.town2),
        CardRecord: CardRecord.objects.get(org=w.town2),
        SweepMark: SweepMark.objects.get(org=w.town2),
        **attendance_rows.out_of_reach(w),
        **bulletins_rows.out_of_reach(w),
        **appointments_rows.out_of_reach(w),
        **performance_rows.out_of_reach(w),
        **duty_rows.out_of_reach(w),
        **submissions_rows.out_of_reach(w),
        **disclosure_rows.out_of_reach(w),
        **queue_rows.out_of_reach(w),
        **archive_rows.out_of_reach(w),
        **consultations_rows.out_of_reach(w),
        **notify_rows.out_of_reach(w),
        **fees_rows.out_of_reach(w),
        **seals_rows.out_of_reach(w),
        **mediation_rows.out_of_reach(w),
    }


def test_every_admin_of_ours_has_a_row_out_of_reach_checked_here(scoped):
    """A new admin must be added to these tests (and scoped) before it ships."""
    assert set(OUR_ADMINS) == set(out_of_reach(scoped))


# ------------------------------------------------------------------------------------------------ lists


@pytest.mark.parametrize("model", OUR_ADMINS, ids=lambda m: m.__name__)
def test_a_director_lists_only_their_centers_rows(scoped, client, model):
    """Every staff query is scoped to the user's org (DESIGN: 谁看什么), in the admin too."""
    # given director Wu of 象湖镇 with every view permission
    login(client, scoped.director)
    # when they open the list
    response = client.get(url(model))
    # then every row is 象湖镇's (or, for the catalog and calendar, its county's or national) and the
    # other center's row is not among them
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    allowed = {scoped.town.pk, scoped.county.pk, "", "360781"}
    assert rows, "the list must not be empty, or this test proves nothing"
    assert all(row_orgs(row) & allowed for row in rows), rows
    assert out_of_reach(scoped)[model].pk not in {row.pk for row in rows}


def test_the_county_admin_lists_the_county_and_below_but_not_another_county(scoped, client):
    login(client, scoped.county_admin)
    orgs = {o.pk for o in client.get(url(Org)).context["cl"].result_list}
    assert orgs == {scoped.county.pk, scoped.town.pk, scoped.town2.pk, scoped.village.pk}
    cases = client.get(url(Case)).context["cl"].result_list
    assert {scoped.case.pk, scoped.case2.pk} <= {c.pk for c in cases} and {c.org_id for c in cases} <= orgs
    items = {i.pk for i in client.get(url(ServiceItem)).context["cl"].result_list}
    assert scoped.dibao.pk in items and scoped.yudu_item.pk not in items
    days = {d.pk for d in client.get(url(CalendarOverride)).context["cl"].result_list}
    assert days == {scoped.national.pk, scoped.ruijin_day.pk}


def test_a_station_agent_with_admin_access_sees_their_stations_cases_only(scoped, client):
    """case_scope: an agent sees the cases of their station (代办点), like on the counter pages."""
    scoped.agent.is_staff = True
    scoped.agent.save()
    grant(scoped.agent, "cases.view_case")
    own = register(scoped.agent)
    login(client, scoped.agent)
    assert list(client.get(url(Case)).context["cl"].result_list) == [own]


@pytest.mark.parametrize(
    ("model", "lookup"),
    [(Case, "org"), (Window, "org"), (Staff, "org"), (WindowPost, "window__org"), (Rating, "org")],
)
def test_list_filters_offer_only_the_users_own_orgs(scoped, client, model, lookup):
    """A filter is a list of names too: 于都's centers are not offered to 瑞金's county admin."""
    login(client, scoped.county_admin)
    specs = client.get(url(model)).context["cl"].filter_specs
    (spec,) = [s for s in specs if getattr(s, "field_path", None) == lookup]
    offered = {pk for pk, _name in spec.lookup_choices}
    assert {scoped.town.pk, scoped.town2.pk} <= offered
    assert offered <= {scoped.county.pk, scoped.town.pk, scoped.town2.pk, scoped.village.pk}


# ------------------------------------------------------------------------------------- object pages


@pytest.mark.parametrize("model", OUR_ADMINS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("page", ["change/", "history/", "delete/"])
def test_another_centers_row_is_not_found(scoped, client, model, page):
    """Another center's row answers like a row that does not exist: back to the index, nothing shown."""
    login(client, scoped.director)
    obj = out_of_reach(scoped)[model]
    response = client.get(url(model, page, obj.pk), follow=True)
    # (a delete page without the delete right is refused before the row is even looked up)
    assert response.status_code == 403 or response.redirect_chain[-1][0] == "/admin/"
    assert str(obj) not in response.content.decode()


def test_a_director_cannot_open_another_centers_case_by_id(scoped, client):
    login(client, scoped.director)
    page = client.get(url(Case, "change/", scoped.case2.pk), follow=True).content.decode()
    assert "外镇群众" not in page and scoped.case2.number not in page
    assert client.get(url(Case, "change/", scoped.case.pk)).status_code == 200


# ------------------------------------------------------------------------------------------- choices


def choices(response: Any, field: str) -> set[Any]:
    return set(response.context["adminform"].form.fields[field].queryset.values_list("pk", flat=True))


def test_the_window_form_offers_only_the_directors_center(scoped, client):
    login(client, scoped.director)
    assert choices(client.get(url(Window, "add/")), "org") == {scoped.town.pk}


def test_the_staff_form_offers_the_directors_center_and_only_free_accounts(scoped, client):
    """A new staff record may take an account no center holds yet — never a superuser's or another center's."""
    login(client, scoped.director)
    page = client.get(url(Staff, "add/"))
    assert choices(page, "org") == {scoped.town.pk}
    assert choices(page, "user") == {scoped.free_user.pk}


def test_the_window_post_form_offers_only_the_directors_windows_and_staff(scoped, client):
    login(client, scoped.director)
    page = client.get(url(WindowPost, "add/"))
    assert choices(page, "window") == {scoped.mz.pk, scoped.gt.pk, scoped.ly.pk}
    assert choices(page, "staff") == set(Staff.objects.filter(org=scoped.town).values_list("pk", flat=True))


def test_the_org_form_of_the_county_admin_offers_parents_in_the_county_only(scoped, client):
    grant(scoped.county_admin, "orgs.add_org")
    login(client, scoped.county_admin)
    offered = choices(client.get(url(Org, "add/")), "parent")
    assert offered == {scoped.county.pk, scoped.town.pk, scoped.town2.pk, scoped.village.pk}


def test_the_calendar_form_offers_only_the_county_admins_region(scoped, client):
    login(client, scoped.county_admin)
    field = client.get(url(CalendarOverride, "add/")).context["adminform"].form.fields["region_code"]
    assert [code for code, _label in field.choices] == ["360781"]


def test_the_item_form_offers_only_the_county_admins_centers(scoped, client):
    login(client, scoped.county_admin)
    offered = choices(client.get(url(ServiceItem, "change/", scoped.dibao.pk)), "enabled_at")
    assert scoped.town3.pk not in offered and scoped.town2.pk in offered


def autocomplete(client: Client, model: type[Model], field: str) -> Any:
    meta = model._meta
    return client.get(
        "/admin/autocomplete/",
        {"app_label": meta.app_label, "model_name": str(meta.model_name), "field_name": field},
    )


def test_autocomplete_answers_only_rows_in_scope(scoped, client):
    login(client, scoped.director)
    # the org of any form (here a case's) and the staff of a window post
    orgs = {int(r["id"]) for r in autocomplete(client, Case, "org").json()["results"]}
    assert orgs == {scoped.town.pk}
    staff = {int(r["id"]) for r in autocomplete(client, WindowPost, "staff").json()["results"]}
    assert staff == set(Staff.objects.filter(org=scoped.town).values_list("pk", flat=True))
    # and accounts are not looked up at all
    assert autocomplete(client, Staff, "user").status_code == 403


# ---------------------------------------------------------------------------------- accounts, groups


@pytest.mark.parametrize("path", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"])
def test_only_superusers_manage_accounts_and_groups(scoped, client, path):
    """Whoever edits accounts or groups can grant themselves any role: superusers only, whatever was granted."""
    grant(scoped.director, "auth.view_user", "auth.change_user", "auth.add_user", "auth.change_group")
    login(client, scoped.director)
    assert client.get(path).status_code == 403
    own = f"/admin/auth/user/{scoped.director.pk}/change/"
    client.post(own, {"username": "wu", "is_superuser": "on", "is_staff": "on", "groups": [1, 2, 3]})
    scoped.director.refresh_from_db()
    assert not scoped.director.is_superuser
    assert "/admin/auth/" not in client.get("/admin/").content.decode()


def test_a_superuser_still_manages_accounts(scoped, client):
    login(client, scoped.root)
    assert client.get("/admin/auth/user/").status_code == 200
    assert client.get(url(Staff, "change/", scoped.director.staff.pk)).status_code == 200
    assert choices(client.get(url(Window, "add/")), "org") == set(Org.objects.values_list("pk", flat=True))


# ------------------------------------------------------------------------------- behind the choices


def admin_request(user: Any) -> Any:
    request = RequestFactory().post("/admin/")
    request.user = user
    return request


def test_a_form_that_offers_too_much_still_refuses_another_centers_org(scoped):
    """The form check does not rely on the choices: were a field to offer every org, the save is refused."""
    window_admin = admin.site._registry[Window]
    request = admin_request(scoped.director)
    form_class = window_admin.get_form(request)
    form = form_class(data={"org": scoped.town2.pk, "code": "XX", "name": "冒名窗口", "number": 9})
    form.fields["org"].queryset = Org.objects.all()
    assert not form.is_valid()
    assert form.errors["org"] == ["“壬田镇便民服务中心”不在您的管理范围内"]


def test_a_save_that_ends_outside_the_users_orgs_is_refused(scoped):
    """Last line: whatever a form let through, a row saved outside the user's orgs raises (and the admin
    view's transaction rolls it back)."""
    window_admin = admin.site._registry[Window]
    with pytest.raises(PermissionDenied):
        window_admin.save_model(
            admin_request(scoped.director), Window(org=scoped.town2, code="XX", name="冒名"), None, False
        )
