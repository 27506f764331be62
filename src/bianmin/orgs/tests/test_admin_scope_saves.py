"""The admin refuses forged saves (issue 8): a body posted with another center's window, staff, org, calendar
or item is refused whatever the form offered, and nothing is written."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bianmin.cases.models import Case
from bianmin.catalog.models import ServiceItem
from bianmin.orgs.models import Org, Staff, Window, WindowPost
from bianmin.orgs.tests.conftest import grant, login, url
from bianmin.workdays.models import CalendarOverride

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
