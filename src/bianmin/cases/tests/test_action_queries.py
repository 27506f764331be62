"""Queries per action, held: a full eight-step life and an HTTP registration must not start issuing more
statements (DESIGN.md: the engine is fast; STYLE.md 11: query counts pinned)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from bianmin.cases import actions
from bianmin.conftest import person

# Per step of register (one material missing) → one-time notice → supplement → accept → assign →
# conclude → deliver → archive, counted with the item's snapshot cached (the steady state of a center).
# Savepoints and calendar freshness checks included; the test settings re-check the calendar every call.
LIFE = {
    "register": 10,
    "notify_missing": 9,
    "supplement": 7,
    "accept": 10,
    "assign": 5,
    "conclude": 8,
    "deliver": 5,
    "archive": 5,
}


def _life(world, counts: dict[str, int] | None = None) -> None:  # noqa: ANN001
    clerk, handler = world.clerk, world.handler

    def step(name: str, call):  # noqa: ANN001, ANN202
        with CaptureQueriesContext(connection) as ctx:
            result = call()
        if counts is not None:
            counts[name] = len(ctx.captured_queries)
        return result

    case = step(
        "register",
        lambda: (
            actions.register(
                actor=clerk,
                item_code="MZ001",
                applicant=person(),
                received_materials=["居民身份证", "户口簿"],
            ).case
        ),
    )
    step("notify_missing", lambda: actions.notify_missing(case, actor=clerk))
    step("supplement", lambda: actions.supplement(case, actor=clerk, materials=["家庭收入证明"]))
    step("accept", lambda: actions.accept(case, actor=clerk))
    step("assign", lambda: actions.assign(case, actor=clerk, handler=handler))
    step("conclude", lambda: actions.conclude(case, actor=handler, result="granted"))
    step("deliver", lambda: actions.deliver(case, actor=clerk, method="window", collected_by="张三"))
    step("archive", lambda: actions.archive(case, actor=clerk))


def test_queries_per_action_of_a_full_life_are_held(world):
    _life(world)  # warms the item snapshot and the actors' permission caches
    counts: dict[str, int] = {}
    _life(world, counts)
    assert counts == LIFE, str(counts)


# 邮寄送达: registering with the post chosen costs what registering costs; the dispatch and the signed
# delivery cost what a delivery costs (the mail columns are the case row's own).
MAILED = {"register": 10, "dispatch_mail": 5, "deliver": 5}


def test_queries_of_the_mailed_steps_are_held(world):
    mail = {"address": "象湖镇燕子村七组18号", "recipient": "张三", "phone": "13800000000"}
    counts: dict[str, int] = {}
    for round_ in range(2):  # the first round warms the caches, the second is counted
        with CaptureQueriesContext(connection) as ctx:
            case = actions.register(
                actor=world.clerk,
                item_code="ZH001",
                applicant=person(),
                received_materials=["居民身份证", "户口簿", "家庭收入证明"],
                mail=mail,
            ).case
        counts["register"] = len(ctx.captured_queries)
        actions.accept(case, actor=world.clerk)
        actions.conclude(case, actor=world.clerk, result="granted")
        with CaptureQueriesContext(connection) as ctx:
            actions.dispatch_mail(case, actor=world.clerk, tracking_number=f"EA12345678{round_}CN")
        counts["dispatch_mail"] = len(ctx.captured_queries)
        with CaptureQueriesContext(connection) as ctx:
            actions.deliver(case, actor=world.clerk, method="mail", collected_by="张三")
        counts["deliver"] = len(ctx.captured_queries)
    assert counts == MAILED, str(counts)


def test_an_http_registration_reads_the_caller_once_and_answers_without_rereading_the_case(
    world, api, settings
):
    # The steady state of a server: the caller's permissions kept by the process (no role changed since).
    settings.BIANMIN = {**settings.BIANMIN, "PERMISSION_RECHECK_SECONDS": 3600}
    token = Token.objects.get_or_create(user=world.clerk)[0].key
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    body = {
        "item": "MZ001",
        "applicant": person(),
        "received_materials": ["居民身份证", "户口簿", "家庭收入证明"],
    }
    api.post("/api/v1/cases/", body, format="json")
    with CaptureQueriesContext(connection) as ctx:
        response = api.post("/api/v1/cases/", body, format="json")
    assert response.status_code == 201
    # token with user, staff and org (1); permissions from the process's cache (0); item, enabled, number,
    # window, case, materials, event, chain tail (8); savepoint pair (2)
    assert len(ctx.captured_queries) == 11, [q["sql"][:80] for q in ctx.captured_queries]
