"""The admin is scoped like the pages and the API (issue 8): a town's director reaches only their own center,
a county admin their county and everything below it — in lists, object pages, choices, filters, autocomplete
and saves. A director must never be able to move themselves (or a window) into another center and then read
that center's cases.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.test import Client, RequestFactory

from bianmin.appointments.tests import scope_rows as appointments_rows
from bianmin.archive.tests import scope_rows as archive_rows
from bianmin.attendance.tests import scope_rows as attendance_rows
from bianmin.bulletins.tests import scope_rows as bulletins_rows
from bianmin.cases import actions
from bianmin.cases.models import AuditSeal, Case, CaseEvent, Notice, OneTimeNoticeBreach
from bianmin.catalog.models import ServiceItem, ServiceItemVersion
from bianmin.complaints.models import Complaint, OpinionEntry
from bianmin.conftest import OrgFactory, UserFactory, WindowFactory, at, make_staff, person, publish
from bianmin.consultations.tests import scope_rows as consultations_rows
from bianmin.disclosure.tests import scope_rows as disclosure_rows
from bianmin.duty.tests import scope_rows as duty_rows
from bianmin.feedback.models import Rating
from bianmin.fees.tests import scope_rows as fees_rows
from bianmin.mediation.tests import scope_rows as mediation_rows
from bianmin.notify.tests import scope_rows as notify_rows
from bianmin.orgs.models import Org, OrgKind, Staff, Window, WindowPost
from bianmin.orgs.roles import Role
from bianmin.outreach.models import HomeVisit, MarketDay
from bianmin.performance.tests import scope_rows as performance_rows
from bianmin.queue.tests import scope_rows as queue_rows
from bianmin.seals.tests import scope_rows as seals_rows
from bianmin.submissions.tests import scope_rows as submissions_rows
from bianmin.supervision.models import CardRecord, SweepMark
from bianmin.workdays.models import CalendarOverride

User = get_user_model()
OUR_ADMINS = [m for m in admin.site._registry if m.__module__.startswith("bianmin.")]


def grant(user: Any, *codenames: str) -> None:
    """Give ``user`` extra permissions ("app.codename"): scoping must hold whatever a role was granted."""
    for perm in codenames:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def register(clerk: Any, **applicant: Any) -> Case:
    return actions.register(actor=clerk, item_code="MZ001", applicant=person(**applicant)).case


def case_rows(case: Case, clerk: Any, seq: int) -> None:
    """A notice, a breach, a day seal and a rating of ``case``, and a market day and a home visit at its
    center, written directly: only their scope matters."""
    notices = [
        Notice.objects.create(
            case=case,
            org=case.org,
            type="one_time",
            year=2026,
            seq=seq * 10 + i,
            number=f"{case.org.code}告〔2026〕{seq * 10 + i:04d}号",
            issued_at=at(2026, 3, 2),
            html="",
            sha256="0" * 64,
        )
        for i in (1, 2)
    ]
    OneTimeNoticeBreach.objects.create(
        case=case,
        org=case.org,
        clerk=clerk,
        first_notice=notices[0],
        later_notice=notices[1],
        materials=["户口簿"],
        recorded_at=at(2026, 3, 3),
    )
    AuditSeal.objects.create(
        org=case.org,
        day=dt.date(2026, 3, 2),
        event_count=1,
        root_hash=f"{seq}" * 64,
        sealed_at=at(2026, 3, 3),
    )
    Rating.objects.create(
        case=case, org=case.org, level=5, comment=f"差评{seq}", channel="qr", created_at=at(2026, 3, 4)
    )
    Complaint.objects.create(
        org=case.org,
        channel="phone",
        content=f"态度生硬{seq}",
        complainant_name=f"投诉人{seq}",
        complainant_phone="13800001234",
        case=case,
        received_at=at(2026, 3, 4),
        received_on=dt.date(2026, 3, 4),
        due_date=dt.date(2026, 3, 9),
    )
    OpinionEntry.objects.create(
        org=case.org,
        source="book",
        content=f"建议{seq}",
        author_kind="citizen",
        author_name=f"留言人{seq}",
        recorded_at=at(2026, 3, 4),
    )
    MarketDay.objects.create(
        org=case.org, date=dt.date(2026, 3, 5), place=f"圩场{seq}", scheduled_at=at(2026, 3, 1)
    )
    HomeVisit.objects.create(
        org=case.org,
        requester_name=f"老人{seq}",
        requester_phone="13907971234",
        reason="elderly",
        matter="高龄津贴申请",
        address="下坪村",
        wished_at=at(2026, 3, 6),
        requested_at=at(2026, 3, 5),
        requested_by=clerk,
    )
    CardRecord.objects.create(
        org=case.org,
        case=case,
        subject="case",
        subject_key="case",
        rule="overdue",
        level="yellow",
        reached_on=dt.date(2026, 3, 7),
        created_at=at(2026, 3, 7),
    )
    SweepMark.objects.create(org=case.org, day=dt.date(2026, 3, 7))


@pytest.fixture
def scoped(world: Any) -> Any:
    """``world`` plus a second county (于都 360731) and a row of every kind in 象湖镇, 壬田镇 and 于都's town.

    Director Wu (象湖镇) and the county admin of 瑞金 get the admin site and every view permission, so what
    they see is decided by scope alone."""
    w = world
    w.county2 = OrgFactory(kind=OrgKind.COUNTY, name="于都县政务服务中心", code="360731")
    w.town3 = OrgFactory(parent=w.county2, name="贡江镇便民服务中心", short_name="贡江镇", code="360731100")
    w.mz3 = WindowFactory(org=w.town3, code="MZ", name="民政", number=1)
    w.clerk3 = make_staff("gong", w.town3, Role.CLERK, "龚外县", {w.mz3: "A"})
    w.yudu_item = publish(w.county2, "YD001", name="于都特色事项")
    w.case = register(w.clerk, phone="13912345678")
    w.case2 = register(w.clerk2, name="外镇群众", phone="13787654321")
    case_rows(w.case, w.clerk, 1)
    case_rows(w.case2, w.clerk2, 2)
    w.national = CalendarOverride.objects.create(date=dt.date(2026, 10, 9), kind="workday", name="全国调休")
    w.ruijin_day = CalendarOverride.objects.create(
        date=dt.date(2026, 5, 20), kind="holiday", name="瑞金纪念日", region_code="360781"
    )
    w.yudu_day = CalendarOverride.objects.create(
        date=dt.date(2026, 5, 21), kind="holiday", name="于都纪念日", region_code="360731"
    )
    attendance_rows.make_rows(w)
    bulletins_rows.make_rows(w)
    appointments_rows.make_rows(w)
    performance_rows.make_rows(w)
    duty_rows.make_rows(w)
    submissions_rows.make_rows(w)
    disclosure_rows.make_rows(w)
    queue_rows.make_rows(w)
    consultations_rows.make_rows(w)
    notify_rows.make_rows(w)
    archive_rows.make_rows(w)
    fees_rows.make_rows(w)
    seals_rows.make_rows(w)
    mediation_rows.make_rows(w)
    w.free_user = UserFactory(username="newcomer")
    w.free_user.save()
    w.root = User.objects.create_superuser("root", "root@example.org", "pw")
    views = [
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.filter(codename__startswith="view_")
    ]
    for user in (w.director, w.county_admin):
        user.is_staff = True
        user.save()
        grant(user, *views)
    return w


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def url(model: type[Model], suffix: str = "", pk: Any = None) -> str:
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    return f"{base}{pk}/{suffix}" if pk is not None else f"{base}{suffix}"


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


# -------------------------------------------------------------------------------------- forged saves


def test_a_forged_window_in_another_center_is_refused(scoped, client):
    """The reported hole: a director created a window in 壬田镇 and then read its cases."""
    login(client, scoped.director)
    body = {"org": scoped.town2.pk, "code": "XX", "name": "冒名窗口", "number": 9, "active": "on"}
    body |= {"posts-TOTAL_FORMS": 0, "posts-INITIAL_FORMS": 0}
    response = client.post(url(Window, "add/"), body)
    assert response.status_code == 200
    assert "所选项不在您的管理范围内" in response.content.decode()
    assert not Window.objects.filter(code="XX").exists()


def staff_body(staff: Staff, **changes: Any) -> dict[str, Any]:
    body = {
        "user": staff.user_id,
        "org": staff.org_id,
        "name": staff.name,
        "position": staff.position,
        "phone": staff.phone,
        "whereabouts": staff.whereabouts,
        "whereabouts_note": "",
        "posts-TOTAL_FORMS": 0,
        "posts-INITIAL_FORMS": 0,
    }
    return body | changes


def test_a_director_cannot_move_their_own_staff_record(scoped, client):
    """The reported hole: a director moved their own record to 壬田镇 and then read its cases."""
    login(client, scoped.director)
    own = scoped.director.staff
    page = client.get(url(Staff, "change/", own.pk))
    assert "org" not in page.context["adminform"].form.fields
    client.post(url(Staff, "change/", own.pk), staff_body(own, org=scoped.town2.pk, name="吴主任"))
    own.refresh_from_db()
    assert own.org == scoped.town
    # and so 壬田镇's case stays out of reach
    assert client.get(url(Case, "change/", scoped.case2.pk)).status_code == 302


def test_a_director_cannot_move_a_colleague_to_another_center(scoped, client):
    login(client, scoped.director)
    clerk = scoped.clerk.staff
    response = client.post(url(Staff, "change/", clerk.pk), staff_body(clerk, org=scoped.town2.pk))
    assert response.status_code == 200 and "所选项不在您的管理范围内" in response.content.decode()
    clerk.refresh_from_db()
    assert clerk.org == scoped.town


def test_a_director_cannot_take_over_another_account(scoped, client):
    """Neither another center's account nor a superuser's can be given a staff record of this center."""
    login(client, scoped.director)
    for user in (scoped.clerk2, scoped.root):
        body = staff_body(scoped.clerk.staff, user=user.pk, name="冒名")
        response = client.post(url(Staff, "add/"), body)
        assert response.status_code == 200 and "所选项不在您的管理范围内" in response.content.decode()
    assert not Staff.objects.filter(name="冒名").exists()
    # re-pointing an existing record at another account is not possible either
    clerk = scoped.clerk.staff
    client.post(url(Staff, "change/", clerk.pk), staff_body(clerk, user=scoped.free_user.pk))
    clerk.refresh_from_db()
    assert clerk.user == scoped.clerk


def test_a_director_adds_a_staff_record_for_a_free_account(scoped, client):
    login(client, scoped.director)
    body = staff_body(scoped.clerk.staff, user=scoped.free_user.pk, name="新同事")
    assert client.post(url(Staff, "add/"), body).status_code == 302
    assert Staff.objects.get(user=scoped.free_user).org == scoped.town


def test_a_director_cannot_post_another_centers_window_or_staff(scoped, client):
    login(client, scoped.director)
    for window, staff in ((scoped.mz2, scoped.clerk.staff), (scoped.mz, scoped.clerk2.staff)):
        response = client.post(url(WindowPost, "add/"), {"window": window.pk, "staff": staff.pk, "post": "B"})
        assert response.status_code == 200 and "所选项不在您的管理范围内" in response.content.decode()
    assert not WindowPost.objects.filter(post="B", staff__user=scoped.clerk).exists()


def test_an_inline_post_for_another_centers_staff_is_refused(scoped, client):
    login(client, scoped.director)
    body = {
        "org": scoped.town.pk,
        "code": "LY",
        "name": "林业",
        "number": 6,
        "active": "on",
        "posts-TOTAL_FORMS": 1,
        "posts-INITIAL_FORMS": 0,
        "posts-0-staff": scoped.clerk2.staff.pk,
        "posts-0-post": "B",
    }
    response = client.post(url(Window, "change/", scoped.ly.pk), body)
    assert response.status_code == 200 and "所选项不在您的管理范围内" in response.content.decode()
    assert not WindowPost.objects.filter(window=scoped.ly, staff__user=scoped.clerk2).exists()


def org_body(org: Org, **changes: Any) -> dict[str, Any]:
    body = {
        "kind": org.kind,
        "parent": org.parent_id or "",
        "name": org.name,
        "short_name": org.short_name,
        "code": org.code,
        "address": "",
        "phone": "",
        "supervision_phone": org.supervision_phone,
        "market_days": "[]",
        "proxy_days": org.proxy_days,
        "office_hours-TOTAL_FORMS": 0,
        "office_hours-INITIAL_FORMS": 0,
    }
    return body | changes


def test_a_director_cannot_move_their_center_under_another_county(scoped, client):
    """The director may edit their center's details (orgs.change_org), not its place in the tree."""
    login(client, scoped.director)
    body = org_body(scoped.town, parent=scoped.county2.pk, code="360731999", address="新地址")
    assert client.post(url(Org, "change/", scoped.town.pk), body).status_code == 302
    scoped.town.refresh_from_db()
    assert (scoped.town.parent, scoped.town.code, scoped.town.address) == (
        scoped.county,
        "360781100",
        "新地址",
    )


def test_the_county_admin_cannot_create_an_org_in_another_county(scoped, client):
    grant(scoped.county_admin, "orgs.add_org")
    login(client, scoped.county_admin)
    body = org_body(scoped.town, name="冒名镇", code="360731188", parent=scoped.county2.pk)
    response = client.post(url(Org, "add/"), body)
    assert response.status_code == 200 and "所选项不在您的管理范围内" in response.content.decode()
    response = client.post(url(Org, "add/"), body | {"parent": ""})
    assert response.status_code == 200 and "请选择上级组织" in response.content.decode()
    assert not Org.objects.filter(name="冒名镇").exists()
    # while a new town under the county is fine
    assert client.post(url(Org, "add/"), body | {"parent": scoped.county.pk}).status_code == 302


def test_the_county_admin_cannot_put_an_org_below_itself(scoped, client):
    login(client, scoped.county_admin)
    body = org_body(scoped.town, parent=scoped.village.pk)
    response = client.post(url(Org, "change/", scoped.town.pk), body)
    assert response.status_code == 200 and "上级不能是本组织或其下级" in response.content.decode()


def calendar_body(**changes: Any) -> dict[str, Any]:
    return {
        "date": "2026-06-01",
        "kind": "holiday",
        "name": "纪念日",
        "region_code": "360781",
        "note": "",
    } | changes


def test_the_county_admin_keeps_only_their_own_countys_calendar(scoped, client):
    """Calendar overrides are per county region; the national calendar is not a county's to change."""
    login(client, scoped.county_admin)
    for region in ("360731", ""):
        response = client.post(url(CalendarOverride, "add/"), calendar_body(region_code=region))
        assert response.status_code == 200, region
        assert not CalendarOverride.objects.filter(date=dt.date(2026, 6, 1)).exists()
    assert client.post(url(CalendarOverride, "add/"), calendar_body()).status_code == 302
    national = calendar_body(date="2026-10-09", kind="holiday", region_code="")
    assert client.post(url(CalendarOverride, "change/", scoped.national.pk), national).status_code == 403
    scoped.national.refresh_from_db()
    assert scoped.national.kind == "workday"


def test_the_county_admin_cannot_publish_another_countys_item(scoped, client):
    login(client, scoped.county_admin)
    assert client.get(f"/admin/catalog/serviceitem/{scoped.yudu_item.pk}/publish/").status_code == 404
    assert client.post(f"/admin/catalog/serviceitem/{scoped.yudu_item.pk}/publish/", {}).status_code == 404


def test_saving_an_item_keeps_links_the_county_admin_cannot_see(scoped, client):
    # given 最低生活保障申请 also enabled (by the superuser) in 于都's 贡江镇
    scoped.dibao.enabled_at.add(scoped.town3)
    login(client, scoped.county_admin)
    # when the county admin saves it enabled at 象湖镇 only, and forges 贡江镇 in
    body = {"active": "on", "enabled_at": [scoped.town.pk]}
    assert client.post(url(ServiceItem, "change/", scoped.dibao.pk), body).status_code == 302
    # then 壬田镇 is dropped and 贡江镇, which the form never showed, is kept
    assert set(scoped.dibao.enabled_at.all()) == {scoped.town, scoped.town3}
    forged = client.post(
        url(ServiceItem, "change/", scoped.dibao.pk), body | {"enabled_at": [scoped.town3.pk]}
    )
    assert forged.status_code == 200 and "所选项不在您的管理范围内" in forged.content.decode()


def test_a_director_cannot_change_an_item_of_the_county(scoped, client):
    grant(scoped.director, "catalog.change_serviceitem")
    login(client, scoped.director)
    client.post(url(ServiceItem, "change/", scoped.dibao.pk), {"active": ""})
    scoped.dibao.refresh_from_db()
    assert scoped.dibao.active


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
