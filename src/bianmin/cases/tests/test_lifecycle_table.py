"""The lifecycle is declared once (DESIGN.md "Case life"): every step in ``cases/lifecycle.py`` has one action,
one counter form and one API body, and every page and label derives from the table."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction

from bianmin.cases import actions, lifecycle
from bianmin.cases.api.serializers import STEP_INPUTS
from bianmin.cases.api.views import ROUTED_STEPS
from bianmin.cases.models import Case, CaseEvent, CaseState
from bianmin.cases.public import public_progress
from bianmin.cases.steps import PUBLIC_LABELS, Step
from bianmin.catalog.actions import publish_item, version_as_data
from bianmin.conftest import DIBAO_MATERIALS, at, person
from bianmin.counter.forms import ACTION_FORMS
from bianmin.counter.timeline import timeline
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Org

SRC = Path(__file__).resolve().parents[2]
ALL_MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]


def test_every_transition_has_exactly_one_action_function():
    assert set(actions.ACTIONS) == set(lifecycle.TRANSITION) | {Step.REGISTER}
    assert lifecycle.SYSTEM_STEPS.isdisjoint(lifecycle.TRANSITION)


def test_every_counter_step_has_a_form_and_an_api_route_whose_fields_are_the_action_arguments():
    counter_steps = {t.step for t in lifecycle.TRANSITIONS if t.counter}
    assert set(ACTION_FORMS) == counter_steps
    assert set(ROUTED_STEPS.values()) == counter_steps
    for step, body in STEP_INPUTS.items():
        accepted = set(inspect.signature(actions.ACTIONS[step]).parameters)
        sources = {f.source or name for name, f in body().fields.items()}
        assert sources <= accepted, (step, sources - accepted)


def test_the_ledger_vocabulary_is_the_step_enum_and_every_step_has_both_labels():
    assert CaseEvent._meta.get_field("type").choices == Step.choices
    assert set(PUBLIC_LABELS) == set(Step)
    # staff-only steps are exactly the ones a citizen must not see
    assert {s for s, label in PUBLIC_LABELS.items() if label is None} == {
        Step.REVEAL_ID_NUMBER,
        Step.RECOMPUTE_DUE,
        # the center's own supervision (000 篇2 批示, 督办) and an extension not (yet) granted
        Step.REQUEST_EXTENSION,
        Step.REFUSE_EXTENSION,
        Step.URGE,
        Step.REPLY_URGE,
        Step.REVIEW,
    }


def test_no_module_lists_the_steps_again():
    """STYLE.md 16: a step is one entry in the table; nothing else spells the vocabulary as a dict of names."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name in {"steps.py", "lifecycle.py"}:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys = {
                    k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)
                }
                if len(keys & set(Step.values)) >= 4:
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []


def test_selectors_never_import_actions():
    """DESIGN.md Architecture: imports flow one way (lib ← models ← selectors/actions ← views/api)."""
    for path in SRC.rglob("selectors*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert ".actions" not in node.module, f"{path} imports {node.module}"


def _accepted(world, item="MZ001"):  # noqa: ANN001, ANN202
    case = actions.register(
        actor=world.clerk,
        item_code=item,
        applicant=person(),
        received_materials=ALL_MANDATORY,
        now=at(2026, 9, 28, 9),
    ).case
    return actions.accept(case, actor=world.clerk, now=at(2026, 9, 28, 9, 5)).case


def test_an_action_answers_its_case_event_and_notice_without_a_lookup(world):
    # when clerk Li accepts a case
    case = actions.register(
        actor=world.clerk, item_code="MZ001", applicant=person(), received_materials=ALL_MANDATORY
    ).case
    outcome = actions.accept(case, actor=world.clerk)
    # then the outcome carries what was written: the case, its event and the 受理通知书
    assert outcome.case.state == CaseState.ACCEPTED
    assert outcome.event.type == Step.ACCEPT and outcome.event.seq == 2
    assert outcome.notice is not None and outcome.notice.type == "acceptance"
    assert outcome.event.data["notice"] == outcome.notice.number


def test_the_page_offers_only_what_the_guard_accepts_and_says_why_accepting_is_held_back(world, client):
    """The counter calls ``Transition.refusal`` — the action's own guard — so it cannot offer a refused step."""
    case = actions.register(
        actor=world.clerk, item_code="MZ001", applicant=person(), received_materials=["居民身份证"]
    ).case
    today = dt.date(2026, 9, 28)
    offered = [t.step for t in lifecycle.offered(case, world.clerk, today)]
    assert Step.ACCEPT not in offered and Step.NOTIFY_MISSING in offered
    refusal = lifecycle.TRANSITION[Step.ACCEPT].refusal(case, world.clerk, today)
    assert refusal is not None and refusal.code == "materials_missing"
    with pytest.raises(DomainError) as err:
        actions.accept(case, actor=world.clerk)
    assert err.value.code == refusal.code
    client.force_login(world.clerk)
    page = client.get(f"/counter/cases/{case.number}/").content.decode()
    assert "blocked-accept" in page and "必需材料不齐" in page


# ------------------------------------------------------------------------------------- procedure steps


def test_dibao_cannot_be_granted_before_its_survey_review_and_public_notice_are_on_record(world):
    """社会救助暂行办法 第十一条: 入户调查、民主评议 and 公示 come before the 低保 decision; an item's
    mandatory procedure steps (必经环节) block conclusion until each is recorded."""
    # given 低保 with its procedure and its mandatory steps
    publish_item(
        owner=world.county,
        code="MZ001",
        data=version_as_data(world.dibao.current)
        | {
            "procedure": ["申请", "受理", "入户调查", "民主评议", "公示", "审批", "办结"],
            "mandatory_steps": ["入户调查", "民主评议", "公示"],
        },
        materials=DIBAO_MATERIALS,
    )
    case = _accepted(world)
    actions.assign(case, actor=world.clerk, handler=world.handler)
    # when the handler tries to grant it a minute later
    with pytest.raises(DomainError) as err:
        actions.conclude(case, actor=world.handler, result="granted")
    # then it is refused, naming what is missing
    assert err.value.code == "steps_missing" and err.value.data["steps"] == ["入户调查", "民主评议", "公示"]
    # when the steps are recorded, each with who, when, outcome and note
    for i, step in enumerate(["入户调查", "民主评议", "公示"]):
        outcome = actions.record_step(
            case, actor=world.handler, step=step, note=f"第{i + 1}步", now=at(2026, 9, 29, 10 + i)
        )
        assert outcome.event.actor == world.handler and outcome.event.data["outcome"] == "passed"
    # then the case concludes, and the public progress shows each step
    assert actions.conclude(case, actor=world.handler, result="granted").case.state == CaseState.CONCLUDED
    labels = [s["label"] for s in public_progress(case)["steps"]]
    assert "办理环节：入户调查" in labels and "办理环节：公示" in labels
    assert "办理环节" in [e.label for e in timeline(case.events.order_by("seq"))]


def test_a_step_outside_the_procedure_or_recorded_twice_is_refused(world):
    publish_item(
        owner=world.county,
        code="MZ001",
        data=version_as_data(world.dibao.current) | {"procedure": ["申请", "受理", "入户调查", "办结"]},
        materials=DIBAO_MATERIALS,
    )
    case = _accepted(world)
    with pytest.raises(DomainError) as err:
        actions.record_step(case, actor=world.clerk, step="受理")  # the engine records this one itself
    assert err.value.code == "unknown_procedure_step"
    actions.record_step(case, actor=world.clerk, step="入户调查")
    with pytest.raises(DomainError) as err:
        actions.record_step(case, actor=world.clerk, step="入户调查")
    assert err.value.code == "step_already_recorded" and err.value.status == 409
    with pytest.raises(DomainError) as err:
        actions.record_step(case, actor=world.clerk, step="入户调查", outcome="maybe")
    assert err.value.code == "invalid_outcome"


def test_mandatory_steps_must_be_steps_of_the_procedure(world):
    with pytest.raises(DomainError) as err:
        publish_item(
            owner=world.county,
            code="MZ001",
            data=version_as_data(world.dibao.current) | {"procedure": ["申请"], "mandatory_steps": ["公示"]},
        )
    assert err.value.code == "mandatory_step_not_in_procedure"


def test_a_leader_acts_by_the_leader_permission_not_by_the_extension_right(world):
    """ "Is a leader" is its own permission (cases.lead_center): the right to approve extensions alone does
    not let someone conclude another handler's case."""
    case = _accepted(world)
    actions.assign(case, actor=world.clerk, handler=world.handler)
    world.clerk.user_permissions.add(Permission.objects.get(codename="approve_extension"))
    clerk = type(world.clerk).objects.get(pk=world.clerk.pk)
    with pytest.raises(DomainError) as err:
        actions.conclude(case, actor=clerk, result="granted")
    assert err.value.code == "not_handler"
    assert actions.conclude(case, actor=world.leader, result="granted").case.handler == world.handler


def test_the_locked_row_reads_exactly_as_the_orm_reads_it(world):
    """``lock_case`` builds the case and its org from one precompiled statement: every field (JSON snapshot,
    dates, times, flags, foreign keys) must come out as the ORM's own read gives it, on every database."""
    case = _accepted(world)
    actions.assign(case, actor=world.clerk, handler=world.handler)
    with transaction.atomic():
        locked = actions.lock_case(case.number, world.clerk)
    fresh = Case.objects.select_related("org").get(pk=case.pk)
    for field in Case._meta.concrete_fields:
        assert getattr(locked, field.attname) == getattr(fresh, field.attname), field.name
    for field in Org._meta.concrete_fields:
        assert getattr(locked.org, field.attname) == getattr(fresh.org, field.attname), field.name
    assert locked.item_snapshot["name"] == "最低生活保障申请" and locked.due_provisional is False
    with pytest.raises(DomainError) as err, transaction.atomic():
        actions.lock_case(case.number, world.clerk2)  # another town's clerk: not found, not forbidden
    assert err.value.code == "case_not_found"
