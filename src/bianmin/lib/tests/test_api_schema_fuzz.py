"""Schemathesis against the whole API, with every check it has (issue 8 item 7).

The schema is loaded from the app (``/api/v1/schema/``, in-process over WSGI) and every operation in it is
called with generated requests, valid and invalid, as clerk Li with a token. Every answer must be what the
schema promises: a documented status, its content type, its body schema; invalid input refused with a 4xx,
valid input not refused as malformed, no 5xx, authentication enforced, unknown methods answered 405.
Fixed seed, deterministic generation and a small budget per operation: the same requests on every run.

The reads are pointed at real rows (a joint case with one of its two tasks done, a case waiting for
materials brought by an agent, their notices), so their answers are checked against the schema with real
data, nulls included; the steps get generated case numbers and answer 404 or 400.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from axes.models import AccessAttempt
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import CHECKS, load_all_checks

from bianmin.cases import actions
from bianmin.cases.models import Case, Notice
from bianmin.conftest import DIBAO_MATERIALS, person
from bianmin.feedback.actions import rate
from bianmin.security.models import AttemptCount
from bianmin.wsgi import application

SEED = 20260308
MAX_EXAMPLES = 20
MAX_RESPONSE_SECONDS = 10  # generous: a first PDF is rendered on a slow machine; a hang still fails

# Requests that are well formed by the schema and still refused (400) for a rule no schema can state:
# a wrong password; an item code that exists and is enabled at the center, a GB 11643 check digit, a phone
# number's form, a name without invisible characters; a handler's username that exists; a reason when the
# result is a denial; who collected the result, for delivery at the window or on a visit; a due date that
# the calendar still covers (start + days); a material of the case's item, handed over as an original or a
# copy; a reason to escalate an item the town decides; the name of who received the result from the agent.
# Only these operations may answer 400 to valid-looking data.
RULES_BEYOND_THE_SCHEMA = [
    "auth_token_create",
    "cases_create",
    "cases_assign",
    "cases_conclude",
    "cases_deliver",
    "cases_forward",
    "cases_escalate",
    "cases_hand_back",
    # 督办: a reply deadline in the past or on a day off is refused with its code (000 篇2)
    "cases_urge",
    # 好差评: a rectification's owner is serving staff of the rating's center; a follow-up call (回访) is
    # dated between the rating and today
    "ratings_rectification_assign_create",
    "ratings_rectification_call_create",
    # 效能投诉 and 意见簿: the window, case and staff named are the center's own; a letter or the online form
    # names the complainant (003 曾家镇 七 书面答复); a staff suggestion names the colleague who made it
    "complaints_create",
    "opinions_create",
    "workdays_add",
    # 请假: the period is in order, holds a working day and lies within a year of today (003 请假)
    "leave_create",
    # 邮寄送达: a tracking number is 8 to 30 letters or digits once its spaces and dashes are taken out
    "cases_dispatch_mail",
    # 预约: the item is bookable at the center, on an open slot; the ID's check digit and the phone's form
    "appointments_create",
    # 公告: a linked market day is the center's own
    "bulletins_create",
    # 咨询登记: the item, window and market day are the center's own; a callback phone's form
    "consultations_create",
    # 短信退订: a mobile number's form
    "notify_opt_outs_create",
    # 叫号统计: the range runs forwards and spans at most FIGURE_DAYS_MAX days (the end defaults to today)
    "queue_figures_list",
    # 矛盾纠纷调解: two or more parties, each ID number's check digit and phone's form; the mediators and the
    # market day are the center's own
    "mediation_create",
    # 统一收费: a QR payment names the payer's transaction reference; an amount is above zero and within what
    # is owed or was paid; a deposit other than zero names its bank slip (000 篇8 ⑥)
    "fees_payables_create",
    "fees_payables_pay_create",
    "fees_payables_refund_create",
    "fees_reconciliation_close_create",
]
POSITIVE_DATA_ACCEPTANCE_STATUSES = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]  # the default

CONFIG = {
    "seed": SEED,
    "generation": {"deterministic": True, "max-examples": MAX_EXAMPLES, "mode": "all", "database": "none"},
    # Every check schemathesis has (test_every_check_is_on), each with its default expectations but for
    # the operations above; valid and invalid data; explicit examples, boundary values and random data.
    "checks": {"enabled": True, "max_response_time": MAX_RESPONSE_SECONDS},
    "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True}},
    "operations": [
        {
            "include-operation-id": RULES_BEYOND_THE_SCHEMA,
            "checks": {
                "positive_data_acceptance": {"expected-statuses": [*POSITIVE_DATA_ACCEPTANCE_STATUSES, "400"]}
            },
        }
    ],
}

# Read once, when the module is collected (making the schema needs no database).
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/schema/?format=json", application, config=schemathesis.Config.from_dict(CONFIG)
)


@pytest.fixture
def _requests_in_the_test_transaction() -> Iterator[None]:
    """Requests go straight into the WSGI app, on the test's database connection. Django closes a
    connection that is inside a transaction at the start and end of each request; its own test client
    unhooks that, and so does this."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def clerk_token(world: Any, _requests_in_the_test_transaction: None) -> str:
    return Token.objects.create(user=world.clerk).key


@pytest.fixture
def real_rows(world: Any) -> dict[str, dict[str, dict[str, Any]]]:
    """Path and query values of existing rows, per operation: what the reads are pointed at."""
    everything = [m["name"] for m in DIBAO_MATERIALS]
    # given a joint case, accepted and assigned, whose 规划审查 is done and 林地核查 still open
    joint = actions.register(
        actor=world.clerk, item_code="GT001", applicant=person(), received_materials=everything
    ).case
    actions.accept(joint.number, actor=world.clerk)
    actions.assign(joint.number, actor=world.clerk, handler=world.handler)
    actions.complete_task(joint.number, actor=world.handler, window_code="GT", result="符合村庄规划")
    # and a 低保 case brought by an agent, waiting for materials after a one-time notice
    agent = {"name": "王代办", "id_number": "360781199001011238", "authorization": "委托书"}
    waiting = actions.register(
        actor=world.clerk,
        item_code="MZ001",
        applicant=person(),
        received_materials=["居民身份证"],
        agent=agent,
    ).case
    actions.notify_missing(waiting.number, actor=world.clerk)
    notice = Notice.objects.filter(case=waiting).first()
    assert notice is not None
    # and a 差评 of Li's service at the window's evaluator, with its rectification open
    rating = rate(
        waiting, level=5, comment="材料一次没说清", channel="tablet", window=world.mz, staff=world.clerk
    )
    query_code = Case.objects.get(pk=joint.pk).query_code
    return {
        "GET /api/v1/cases/{number}/": {"path": {"number": joint.number}},
        "GET /api/v1/cases/{number}/events/": {"path": {"number": joint.number}},
        "GET /api/v1/cases/{number}/notices/": {"path": {"number": waiting.number}},
        "GET /api/v1/public/cases/{number}/": {
            "path": {"number": joint.number},
            "query": {"code": query_code},
        },
        "GET /api/v1/notices/{id}/html/": {"path": {"id": notice.pk}},
        "GET /api/v1/notices/{id}/pdf/": {"path": {"id": notice.pk}},
        "GET /api/v1/items/{code}/": {"path": {"code": world.dibao.code}},
        "GET /api/v1/items/{code}/versions/{version}/": {"path": {"code": world.dibao.code, "version": "1"}},
        "GET /api/v1/orgs/{code}/": {"path": {"code": world.town.code}},
        "GET /api/v1/windows/{id}/": {"path": {"id": world.mz.pk}},
        "GET /api/v1/ratings/{id}/": {"path": {"id": rating.pk}},
        "GET /api/v1/ratings/{id}/rectification/pdf/": {"path": {"id": rating.pk}},
    }


@schema.parametrize()
# The world, its cases and the token are made once per operation, not once per request: the requests only
# read them, or change a case that then answers 409 to the next step, which the schema documents.
# The deterministic seed is drawn from the whole schema, so a new operation elsewhere can hand an operation
# with few valid inputs (two dates of the calendar's range) a run where most draws are filtered out; that is
# the generator's difficulty, not the API's, and the checks still run on every example it does make.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much])
def test_the_api_answers_as_its_schema_says(
    case: Any, clerk_token: str, real_rows: dict[str, dict[str, dict[str, Any]]]
) -> None:
    """Issue 8 item 7: every answer documented, in its documented shape; 0 failures of any check."""
    # given the operation's real rows, where it reads one (schemathesis re-reads which parts of the
    # request are then still invalid, and expects the answer that goes with that)
    pinned = real_rows.get(case.operation.label, {})
    if pinned.get("path"):
        case.path_parameters = {**(case.path_parameters or {}), **pinned["path"]}
    if pinned.get("query"):
        case.query = {**(case.query or {}), **pinned["query"]}
    # and fresh limits: the query-code limit and the login lockout count per client, and every request
    # here comes from the same one
    AttemptCount.objects.all().delete()
    AccessAttempt.objects.all().delete()
    # when the request is sent, then every check passes
    case.call_and_validate(headers={"Authorization": f"Token {clerk_token}"})


def test_every_check_is_on() -> None:
    """The fuzzing above runs every check schemathesis has, not only the one for server errors."""
    load_all_checks()
    config = schema.config.checks_config_for()
    names = {getattr(check, "__name__", type(check).__name__) for check in CHECKS.get_all()}
    assert {"not_a_server_error", "status_code_conformance", "negative_data_rejection"} <= names
    assert [name for name in sorted(names) if not config.get_by_name(name=name).enabled] == []
    assert config.max_response_time.enabled
