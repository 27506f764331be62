"""A lookup compiled once builds the very objects its queryset builds, related rows included."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from bianmin.conftest import UserFactory
from bianmin.lib.compiled import CompiledLookup
from bianmin.orgs.models import Staff

TOKEN = CompiledLookup(lambda: Token.objects.select_related("user__staff__org").filter(key=""), [""])


def fields(obj):  # noqa: ANN001, ANN201
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_a_token_comes_with_its_user_staff_and_org_as_select_related_builds_them(
    world, django_assert_num_queries
):
    # given clerk Li's token
    key = Token.objects.create(user=world.clerk).key
    by_orm = Token.objects.select_related("user__staff__org").get(key=key)
    # when it is looked up through the compiled lookup
    with django_assert_num_queries(1):
        token = TOKEN.first(key)
        assert token is not None
        user, staff, org = token.user, token.user.staff, token.user.staff.org
    # then every object holds the values the ORM reads
    assert fields(token) == fields(by_orm)
    assert fields(user) == fields(by_orm.user)
    assert fields(staff) == fields(by_orm.user.staff)
    assert fields(org) == fields(by_orm.user.staff.org)
    assert token._state.adding is False and token._state.db == "default"


def test_a_user_without_a_staff_record_has_none_without_another_query(db, django_assert_num_queries):
    # given a user who is not staff (an operator account)
    key = Token.objects.create(user=UserFactory()).key
    # when the token is looked up
    token = TOKEN.first(key)
    assert token is not None
    # then asking for the staff record raises as after select_related, without a query
    with django_assert_num_queries(0), pytest.raises(Staff.DoesNotExist):
        token.user.staff  # noqa: B018


def test_an_unknown_key_finds_nothing(db):
    assert TOKEN.first("no-such-key") is None


def test_a_lookup_whose_parameters_differ_from_its_placeholders_is_refused(db):
    wrong = CompiledLookup(lambda: Token.objects.filter(key="x", user__is_active=True), [""])
    with pytest.raises(RuntimeError, match="unexpected parameters"):
        wrong.first("abc")
