"""A process keeps its API callers' permission sets, and a change of roles still takes effect: at once when
made in the same process, within the recheck interval when made by another process (a second worker)."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from rest_framework.authtoken.models import Token

from bianmin.conftest import UserFactory, person
from bianmin.orgs import permission_cache
from bianmin.orgs.authentication import StaffTokenAuthentication
from bianmin.orgs.roles import Role

REGISTER = "/api/v1/cases/"


@pytest.fixture
def kept(settings):  # noqa: ANN001, ANN201
    """A server's setting: the process trusts what it keeps for an hour unless it changes roles itself."""
    settings.BIANMIN = {**settings.BIANMIN, "PERMISSION_RECHECK_SECONDS": 3600}
    permission_cache.clear()
    yield
    permission_cache.clear()


@pytest.fixture
def clerk_api(world, api):  # noqa: ANN001, ANN201
    """Clerk Li at window 民政, calling the API with her token."""
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=world.clerk)[0].key}")
    return api


def register(api):  # noqa: ANN001, ANN201
    return api.post(REGISTER, {"item": "MZ001", "applicant": person()}, format="json")


def another_process_runs(sql: str, params: list) -> None:  # noqa: ANN001
    """A change this process's signals do not see, as one made by another worker."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def later(monkeypatch, seconds: float) -> None:  # noqa: ANN001
    real = time.monotonic
    monkeypatch.setattr(permission_cache.time, "monotonic", lambda: real() + seconds)


def test_a_callers_permissions_are_read_once_and_then_kept(world, clerk_api, kept, django_assert_num_queries):
    # given clerk Li registered once (her permissions now kept by the process)
    assert register(clerk_api).status_code == 201
    user = type(world.clerk).objects.get(pk=world.clerk.pk)
    key = user.auth_token.key
    # when the next request checks her right to register
    with django_assert_num_queries(1):  # the token with its user, staff and org; no permission queries
        caller, _token = StaffTokenAuthentication().authenticate_credentials(key)
        allowed = caller.has_perm("cases.register_case")
        refused = caller.has_perm("cases.approve_extension")
    # then the kept set answers as ModelBackend does
    assert allowed and not refused
    assert caller.get_all_permissions() == user.get_all_permissions()


def test_a_role_taken_away_in_this_process_is_refused_at_once(world, clerk_api, kept):
    # given clerk Li may register, and the process keeps her permissions
    assert register(clerk_api).status_code == 201
    # when the director takes her 窗口工作人员 role away (the admin, in this process)
    world.clerk.groups.remove(Group.objects.get(name=Role.CLERK))
    # then her next registration is refused
    refused = register(clerk_api)
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"


def test_a_right_taken_from_the_role_is_refused_at_once(world, clerk_api, kept):
    # given clerk Li may register
    assert register(clerk_api).status_code == 201
    # when the right to register is taken from the whole 窗口工作人员 role
    Group.objects.get(name=Role.CLERK).permissions.remove(Permission.objects.get(codename="register_case"))
    # then she is refused at once
    assert register(clerk_api).status_code == 403


def test_a_role_given_in_this_process_is_granted_at_once(world, api, kept):
    # given supervisor Jiang, who may not register, is refused
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.supervisor).key}")
    assert register(api).status_code == 403
    # when he is also made a clerk
    world.supervisor.groups.add(Group.objects.get(name=Role.CLERK))
    # then he may register at once
    assert register(api).status_code == 201


def test_a_role_taken_away_by_another_process_is_refused_after_the_recheck_interval(
    world, clerk_api, kept, monkeypatch
):
    # given clerk Li registered (her permissions kept by this process)
    assert register(clerk_api).status_code == 201
    # when another worker takes her roles away
    another_process_runs('DELETE FROM "auth_user_groups" WHERE "user_id" = %s', [world.clerk.pk])
    # then this process answers from what it keeps until the recheck interval has passed …
    assert register(clerk_api).status_code == 201
    # … and refuses her after it
    later(monkeypatch, 3601)
    assert register(clerk_api).status_code == 403


def test_a_role_given_by_another_process_is_granted_after_the_recheck_interval(world, api, kept, monkeypatch):
    # given supervisor Jiang is refused (and that kept)
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.supervisor).key}")
    assert register(api).status_code == 403
    # when another worker makes him a clerk
    clerk_group = Group.objects.get(name=Role.CLERK)
    another_process_runs(
        'INSERT INTO "auth_user_groups" ("user_id", "group_id") VALUES (%s, %s)',
        [world.supervisor.pk, clerk_group.pk],
    )
    # then he may register once the interval has passed
    later(monkeypatch, 3601)
    assert register(api).status_code == 201


def test_every_change_is_seen_at_once_when_the_interval_is_zero(world, clerk_api, settings):
    # given the process checks for changes before every use (as the tests' settings do)
    settings.BIANMIN = {**settings.BIANMIN, "PERMISSION_RECHECK_SECONDS": 0}
    assert register(clerk_api).status_code == 201
    # when another worker takes her roles away
    another_process_runs('DELETE FROM "auth_user_groups" WHERE "user_id" = %s', [world.clerk.pk])
    # then the very next request is refused
    assert register(clerk_api).status_code == 403


def test_a_superuser_made_by_another_process_holds_every_right_at_once(world, api, kept):
    # given supervisor Jiang is refused registration (and that kept)
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.supervisor).key}")
    assert register(api).status_code == 403
    # when another worker makes him a superuser (the flag comes with his user row on every request)
    type(world.supervisor).objects.filter(pk=world.supervisor.pk).update(is_superuser=True)
    # then he may register at once
    assert register(api).status_code == 201


def test_a_new_user_never_inherits_what_was_kept_for_an_earlier_one_with_the_same_id(world, kept):
    # given the process keeps the permissions of a clerk
    someone = UserFactory()
    someone.save()
    someone.groups.add(Group.objects.get(name=Role.CLERK))
    assert "cases.register_case" in permission_cache.permissions_of(type(someone).objects.get(pk=someone.pk))
    # when that user's rows go without this process noticing, and a new user is created with the same id
    another_process_runs('DELETE FROM "auth_user_groups" WHERE "user_id" = %s', [someone.pk])
    another_process_runs('DELETE FROM "auth_user" WHERE "id" = %s', [someone.pk])
    newcomer = type(someone).objects.create(pk=someone.pk, username="newcomer")
    # then the newcomer holds none of the earlier user's rights
    assert permission_cache.permissions_of(newcomer) == set()


def test_a_user_made_inactive_and_active_again_holds_the_rights_of_the_role(world, kept):
    # given clerk Li was asked about while inactive
    user_model = type(world.clerk)
    user_model.objects.filter(pk=world.clerk.pk).update(is_active=False)
    assert permission_cache.permissions_of(user_model.objects.get(pk=world.clerk.pk)) == set()
    # when she is active again
    user_model.objects.filter(pk=world.clerk.pk).update(is_active=True)
    # then she holds her role's rights
    assert "cases.register_case" in permission_cache.permissions_of(user_model.objects.get(pk=world.clerk.pk))
