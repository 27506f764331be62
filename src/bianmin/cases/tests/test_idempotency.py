"""Idempotent registration: a retried request answers the first one's case instead of registering twice
(``Idempotency-Key`` on the API, a hidden token on the intake and online forms), on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection, connections
from rest_framework.authtoken.models import Token

from bianmin.cases import actions
from bianmin.cases.models import Case, IdempotencyKey
from bianmin.conftest import VALID_ID, person
from bianmin.lib.errors import DomainError

MATERIALS = ["居民身份证", "户口簿", "家庭收入证明"]
BODY = {"item": "MZ001", "applicant": person(), "received_materials": MATERIALS}


def _post(api, user, key, body=BODY):  # noqa: ANN001, ANN202
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return api.post("/api/v1/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_retried_api_registration_answers_the_first_case(world, api):
    # when clerk Li's client sends the same registration twice with one key (its first answer was lost)
    first = _post(api, world.clerk, "retry-1")
    second = _post(api, world.clerk, "retry-1")
    # then both answers name one case, and only one was registered
    assert first.status_code == second.status_code == 201
    assert first.json()["number"] == second.json()["number"]
    assert second["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1
    # a new key is a new registration
    assert _post(api, world.clerk, "retry-2").json()["number"] != first.json()["number"]


def test_one_key_for_another_request_is_refused_and_keys_are_per_user(world, api):
    _post(api, world.clerk, "k")
    other = _post(api, world.clerk, "k", {**BODY, "applicant": person(name="李四")})
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
    # another user's key with the same text is theirs alone
    assert _post(api, world.leader, "k").status_code == 201
    assert Case.objects.count() == 2


def test_an_unusable_key_is_refused_with_a_code(world, api):
    response = _post(api, world.clerk, "x" * 65)
    assert response.status_code == 400 and response.json()["code"] == "invalid_idempotency_key"
    assert Case.objects.count() == 0


def test_the_intake_form_submitted_twice_registers_once(world, client):
    """A double click on 登记并受理 must not make two cases (and two acceptance numbers)."""
    client.force_login(world.clerk)
    page = client.get("/counter/intake/?item=MZ001")
    token = page.context["form"]["token"].value()
    assert token and len(token) == 32
    form = {
        "item": "MZ001",
        "token": token,
        "applicant_kind": "person",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "channel": "window",
        "received": [str(m.pk) for m in world.dibao.current.materials.all()],
        "decision": "accept",
    }
    first = client.post("/counter/intake/", form)
    second = client.post("/counter/intake/", form)
    assert first.status_code == second.status_code == 302
    assert first["Location"].split("?")[0] == second["Location"].split("?")[0]
    assert Case.objects.count() == 1 and Case.objects.get().state == "accepted"


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_make_one_case(world):
    barrier = threading.Barrier(6)
    key = actions.Idempotency(scope=f"user:{world.clerk.pk}", key="same", fingerprint="f")

    def register(_: int) -> str:
        try:
            barrier.wait()
            return actions.register(
                actor=world.clerk,
                item_code="MZ001",
                applicant=person(),
                received_materials=MATERIALS,
                idempotency=key,
            ).case.number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=6) as pool:
        numbers = set(pool.map(register, range(6)))
    assert len(numbers) == 1
    assert Case.objects.count() == 1 and IdempotencyKey.objects.count() == 1


CHILD = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "bianmin.settings"
import django
django.setup()
from django.contrib.auth import get_user_model
from bianmin.cases import actions
clerk = get_user_model().objects.get(username="li")
for i in range(int(sys.argv[1])):
    actions.register(
        actor=clerk, item_code="MZ001",
        applicant={"kind": "person", "name": "张三", "id_number": "11010519491231002X"},
        received_materials=["居民身份证", "户口簿", "家庭收入证明"],
        idempotency=actions.Idempotency(scope="user:%d" % clerk.pk, key="req-%d" % i, fingerprint="f"),
    )
    print(i, flush=True)
"""


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_after_a_kill_9_mid_load_retrying_every_request_leaves_one_case_per_request(world, tmp_path: Path):
    """A server killed while registering loses nothing and doubles nothing: the client retries every request
    it got no answer for, with the same key, and ends with exactly one case per request."""
    requests = 40
    env = {**os.environ, "DATABASE_URL": _database_url(), "BIANMIN_VAR_DIR": str(tmp_path)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(requests)], env=env, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    answered = set()
    for line in child.stdout:  # kill it mid-load, between or inside registrations
        answered.add(int(line))
        if len(answered) >= 5:
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait()
    assert child.returncode == -signal.SIGKILL
    # the client retries every request (answered ones too: it cannot tell a lost answer from a lost request)
    numbers = {}
    for i in range(requests):
        numbers[i] = actions.register(
            actor=world.clerk,
            item_code="MZ001",
            applicant=person(),
            received_materials=MATERIALS,
            idempotency=actions.Idempotency(scope=f"user:{world.clerk.pk}", key=f"req-{i}", fingerprint="f"),
        ).case.number
    assert len(set(numbers.values())) == requests
    assert Case.objects.count() == requests
    assert IdempotencyKey.objects.count() == requests


def test_replaying_checks_the_fingerprint(world):
    key = actions.Idempotency(scope="user:1", key="a", fingerprint="one")
    actions.register(actor=world.clerk, item_code="MZ001", applicant=person(), idempotency=key)
    with pytest.raises(DomainError) as err:
        actions.register(
            actor=world.clerk,
            item_code="MZ001",
            applicant=person(),
            idempotency=actions.Idempotency(scope="user:1", key="a", fingerprint="two"),
        )
    assert err.value.code == "idempotency_key_reused"
