"""The admin-scope world (``scoped``): ``world`` plus a second county and a row of every kind in three
centers, with the helpers the admin-scope tests share."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Model
from django.test import Client

from bianmin.appointments.tests import scope_rows as appointments_rows
from bianmin.archive.tests import scope_rows as archive_rows
from bianmin.attendance.tests import scope_rows as attendance_rows
from bianmin.bulletins.tests import scope_rows as bulletins_rows
from bianmin.cases import actions
from bianmin.cases.models import AuditSeal, Case, Notice, OneTimeNoticeBreach
from bianmin.complaints.models import Complaint, OpinionEntry
from bianmin.conftest import OrgFactory, UserFactory, WindowFactory, at, make_staff, person, publish
from bianmin.consultations.tests import scope_rows as consultations_rows
from bianmin.disclosure.tests import scope_rows as disclosure_rows
from bianmin.duty.tests import scope_rows as duty_rows
from bianmin.feedback.models import Rating
from bianmin.fees.tests import scope_rows as fees_rows
from bianmin.mediation.tests import scope_rows as mediation_rows
from bianmin.notify.tests import scope_rows as notify_rows
from bianmin.orgs.models import OrgKind
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
