"""Cases in given states for the counter tests, made through the actions like the pages make them."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bianmin.cases import actions
from bianmin.cases.models import Case
from bianmin.catalog.actions import enable_item
from bianmin.conftest import person, publish

ALL_MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]


def submitted(
    world: Any, *, clerk: Any = None, received: tuple[str, ...] = ("居民身份证",), **applicant: Any
) -> Case:
    return actions.register(
        actor=clerk or world.clerk,
        item_code="MZ001",
        applicant=person(**applicant),
        received_materials=received,
    ).case


def accepted(world: Any, *, clerk: Any = None, **applicant: Any) -> Case:
    case = submitted(world, clerk=clerk, received=tuple(ALL_MANDATORY), **applicant)
    return actions.accept(case, actor=clerk or world.clerk).case


def in_progress(world: Any, *, handler: Any = None, **applicant: Any) -> Case:
    case = accepted(world, **applicant)
    return actions.assign(case, actor=world.clerk, handler=handler or world.handler).case


def concluded(world: Any) -> Case:
    case = in_progress(world)
    return actions.conclude(case, actor=world.handler, result="granted").case


def reload(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def online_item(world: Any, code: str = "MZ101") -> Any:
    """低保申请 open to online applications at 象湖镇 (and 壬田镇), with the 低保 checklist."""
    item = publish(world.county, code, name="低保申请", online_allowed=True)
    enable_item(item, world.town)
    enable_item(item, world.town2)
    return item


def applied_online(world: Any, *, org: Any = None, uploads: tuple[str, ...] = (), **applicant: Any) -> Case:
    """A citizen's online application with a scan for each named material (no actor: 网上申请)."""
    files = [
        (name, SimpleUploadedFile(f"{name}.pdf", PDF, content_type="application/pdf")) for name in uploads
    ]
    return actions.register(
        actor=None,
        org=org or world.town,
        channel="online",
        item_code="MZ101",
        applicant=person(**applicant),
        uploads=files,
    ).case


# ------------------------------------------------------------------------------- the three-level network


def handed(*names: str) -> list[dict[str, Any]]:
    """A hand-over slip (代办件交接单) listing each named material: one original, one copy, two pages."""
    return [{"material": n, "originals": 1, "copies": 1, "pages": 2} for n in names]


def at_station(
    world: Any, *, agent: Any = None, item: str = "MZ001", green: str = "", now: Any = None, **applicant: Any
) -> Case:
    """A villager's matter the station's agent took with a signed authorisation (代办件), not forwarded yet."""
    when = now or timezone.now()
    return actions.register(
        actor=agent or world.agent,
        item_code=item,
        applicant=person(**applicant),
        authorization={"signed_on": timezone.localdate(when)},
        received_materials=ALL_MANDATORY,
        green_channel=green,
        now=when,
    ).case


def forwarded(world: Any, *, agent: Any = None, now: Any = None, **kwargs: Any) -> Case:
    case = at_station(world, agent=agent, now=now, **kwargs)
    return actions.forward(case, actor=agent or world.agent, handed_over=handed(*ALL_MANDATORY), now=now).case


def signed(world: Any, *, now: Any = None, **kwargs: Any) -> Case:
    """Forwarded, signed for by clerk Li and accepted: a case of the town now, its proxy leg running."""
    case = forwarded(world, now=now, **kwargs)
    actions.receive(case.number, actor=world.clerk, now=now)
    return actions.accept(case.number, actor=world.clerk, now=now).case


def escalated(world: Any, *, now: Any = None, **kwargs: Any) -> tuple[Case, Case]:
    """A proxy case of 特困人员认定 (the county decides it) escalated by the town: (town case, county case)."""
    case = signed(world, item="MZ020", now=now, **kwargs)
    out = actions.escalate(case.number, actor=world.clerk, now=now)
    return out.case, out.value


def with_agent(world: Any, *, now: Any = None, **kwargs: Any) -> Case:
    """Decided by the town and handed back to the station's agent, waiting to go to the villager."""
    case = signed(world, now=now, **kwargs)
    actions.assign(case.number, actor=world.clerk, handler=world.handler, now=now)
    actions.conclude(case.number, actor=world.handler, result="granted", now=now)
    return actions.return_to_agent(case.number, actor=world.clerk, now=now).case
