"""Every model is in the admin, in Chinese, with its list, search and filters working."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

from bianmin.cases import actions
from bianmin.conftest import person


@pytest.fixture
def superuser(db):  # noqa: ANN001, ANN201
    return get_user_model().objects.create_superuser("root", "root@example.org", "pw")


def test_every_model_of_ours_is_registered():
    ours = {m for m in admin.site._registry if m.__module__.startswith("bianmin.")}
    names = {m.__name__ for m in ours}
    assert {
        "Org",
        "Window",
        "Staff",
        "WindowPost",
        "ServiceItem",
        "ServiceItemVersion",
        "CalendarOverride",
        "Case",
        "CaseEvent",
        "Notice",
        "Rating",
        "AuditSeal",
        "OneTimeNoticeBreach",
    } <= names


def test_each_changelist_renders_in_chinese_with_search_and_filters(world, client, superuser):
    actions.register(actor=world.clerk, item_code="MZ001", applicant=person())
    client.force_login(superuser)
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("bianmin."):
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        response = client.get(
            url, {"q": "测试"} if model_admin.search_fields else {}, HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
        assert response.status_code == 200, url
        assert str(model._meta.verbose_name_plural) in response.content.decode(), url


def test_cases_cannot_be_edited_in_the_admin(world, client, superuser):
    case = actions.register(actor=world.clerk, item_code="MZ001", applicant=person()).case
    client.force_login(superuser)
    response = client.post(f"/admin/cases/case/{case.pk}/change/", {"state": "archived"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.state == "submitted"


def test_a_town_director_sees_only_their_centers_rows(world, client):
    # given director Wu of 象湖镇 (the role may change windows) with admin access
    world.director.is_staff = True
    world.director.save()
    client.force_login(world.director)
    # then the window list holds 象湖镇's three windows, not 壬田镇's
    response = client.get("/admin/orgs/window/")
    assert response.status_code == 200
    assert {w.org_id for w in response.context["cl"].result_list} == {world.town.pk}
    assert response.context["cl"].result_count == 3
