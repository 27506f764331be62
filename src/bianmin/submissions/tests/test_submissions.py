"""Submitting a report: a draft, then frozen — numbered, hashed into the center's chain, on time or late; a
correction supersedes, nothing submitted is edited (issue 12 ③)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.test import APIClient

from bianmin.conftest import at
from bianmin.lib.errors import DomainError
from bianmin.submissions import actions
from bianmin.submissions.models import ReportReminder, Submission

H1 = "2026-11-H1"  # due Sunday 2026-11-15 → Monday 2026-11-16


def draft(world, period=H1, kind="semi_monthly", org=None, actor=None, now=None, **texts):  # type: ignore[no-untyped-def]
    return actions.save_draft(
        actor=actor or world.director,
        org=org or world.town,
        kind=kind,
        period_key=period,
        now=now or at(2026, 11, 14, 9),
        **({"work": "本半月受理办件如表，窗口运行正常。"} | texts),
    )


def test_director_drafts_edits_and_submits_on_time(world):
    """000 篇8 ③ 上報縣行政服務中心: the director reviews the table, adds 工作情况 and submits on the 16th."""
    # given a draft saved on the 14th and edited on the 15th
    d = draft(world)
    d2 = draft(world, now=at(2026, 11, 15, 9), good_practice="推行赶场日流动服务")
    assert d2.pk == d.pk and d2.good_practice == "推行赶场日流动服务" and d2.state == "draft"
    # when submitted on the due date (moved to Monday the 16th)
    s = actions.submit(actor=world.director, submission_id=d.pk, now=at(2026, 11, 16, 17))
    # then it is numbered, frozen, chained and on time
    assert s.state == "submitted" and s.number == f"{world.town.code}-2026-0001"
    assert s.on_time is True and s.due_date == dt.date(2026, 11, 16)
    assert s.table["period"] == H1 and s.table["by"] == "window" and "total" in s.table
    assert s.prev_hash == "0" * 64 and len(s.hash) == 64 and s.signature
    assert s.recipient == world.county
    # submitting it again is refused
    with pytest.raises(DomainError) as e:
        actions.submit(actor=world.director, submission_id=d.pk, now=at(2026, 11, 16, 18))
    assert (e.value.code, e.value.status) == ("already_submitted", 409)


def test_a_report_submitted_after_its_due_date_is_late_and_numbers_follow(world):
    first = actions.submit(actor=world.director, submission_id=draft(world).pk, now=at(2026, 11, 16, 23, 59))
    late = actions.submit(
        actor=world.director,
        submission_id=draft(world, period="2026-10", kind="monthly", now=at(2026, 11, 2)).pk,
        now=at(2026, 11, 6, 8),  # due 2026-11-05 (003 太湖乡 每月5日)
    )
    assert first.on_time is True and late.on_time is False
    assert late.number.endswith("-2026-0002") and late.prev_hash == first.hash


def test_a_report_cannot_be_submitted_before_its_period_ends(world):
    d = draft(world, period="2026-11-H2", now=at(2026, 11, 20))
    with pytest.raises(DomainError) as e:
        actions.submit(actor=world.director, submission_id=d.pk, now=at(2026, 11, 27))
    assert e.value.code == "period_not_over"
    assert Submission.objects.get(pk=d.pk).state == "draft"


def test_only_the_centers_own_director_fills_in_its_report(world):
    with pytest.raises(DomainError) as e:
        draft(world, actor=world.clerk)
    assert e.value.code == "permission_denied"
    with pytest.raises(DomainError) as e:
        draft(world, org=world.town2)
    assert e.value.code == "not_your_report"


def test_a_correction_supersedes_and_never_edits(world):
    """Issue 12: a correction is a new submission that supersedes, never an edit."""
    old = actions.submit(actor=world.director, submission_id=draft(world).pk, now=at(2026, 11, 16))
    fixed = actions.start_correction(actor=world.director, submission_id=old.pk, now=at(2026, 11, 17))
    assert fixed.state == "draft" and fixed.supersedes_id == old.pk and fixed.work == old.work
    new = actions.submit(actor=world.director, submission_id=fixed.pk, now=at(2026, 11, 17, 10))
    old.refresh_from_db()
    assert old.is_superseded and old.work == "本半月受理办件如表，窗口运行正常。"
    assert new.supersedes_id == old.pk and new.on_time is False and new.prev_hash == old.hash
    with pytest.raises(DomainError) as e:
        actions.start_correction(actor=world.director, submission_id=old.pk, now=at(2026, 11, 18))
    assert e.value.code == "already_superseded"


def test_the_api_refuses_every_edit_of_a_submission(world):
    client = APIClient()
    client.force_authenticate(world.director)
    created = client.post(
        "/api/v1/reports/submissions/",
        {"org": world.town.code, "kind": "semi_monthly", "period": "2026-10-H2", "work": "十月下半月情况"},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    done = client.post(f"/api/v1/reports/submissions/{pk}/submit/")
    assert done.status_code == 200 and done.json()["state"] == "submitted"
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(
            f"/api/v1/reports/submissions/{pk}/", {"work": "改"}, format="json"
        )
        assert (response.status_code, response.json()["code"]) == (409, "submission_immutable")
    again = client.post(f"/api/v1/reports/submissions/{pk}/submit/")
    assert (again.status_code, again.json()["code"]) == (409, "already_submitted")
    assert Submission.objects.get(pk=pk).work == "十月下半月情况"
    corrected = client.post(f"/api/v1/reports/submissions/{pk}/correct/")
    assert corrected.status_code == 201 and corrected.json()["supersedes"] == pk


def test_the_admin_shows_a_submission_read_only(world):
    world.director.is_staff = True
    world.director.save()
    s = actions.submit(actor=world.director, submission_id=draft(world).pk, now=at(2026, 11, 16))
    client = Client()
    client.force_login(world.director)
    response = client.post(f"/admin/submissions/submission/{s.pk}/change/", {"work": "改过的"})
    assert response.status_code == 403
    s.refresh_from_db()
    assert s.work == "本半月受理办件如表，窗口运行正常。"


def test_a_station_submits_its_monthly_table_to_the_town(world):
    """000 篇1: 村代辦員負責，按月填寫《村(社區)便民服務辦理情況統計表》，並按規定上報街道便民服務中心."""
    d = draft(
        world,
        kind="station_monthly",
        period="2026-10",
        org=world.village,
        actor=world.agent,
        now=at(2026, 10, 31),
        work="",
    )
    s = actions.submit(actor=world.agent, submission_id=d.pk, now=at(2026, 10, 31, 16))
    assert s.recipient == world.town and s.by == "kind" and s.on_time
    # the town's director sees it, another town's does not
    client = APIClient()
    client.force_authenticate(world.director)
    assert client.get(f"/api/v1/reports/submissions/{s.pk}/").status_code == 200
    from bianmin.conftest import make_staff
    from bianmin.orgs.roles import Role

    other = make_staff("ren", world.town2, Role.DIRECTOR, "任主任")
    client.force_authenticate(other)
    assert client.get(f"/api/v1/reports/submissions/{s.pk}/").json()["code"] == "submission_not_found"


def test_audit_verify_reports_an_edited_submission(world, capsys):
    """The submission chain is part of the audit: an edit behind the actions' back is found."""
    s = actions.submit(actor=world.director, submission_id=draft(world).pk, now=at(2026, 11, 16))
    call_command("audit_verify")
    Submission.objects.filter(pk=s.pk).update(work="事后改写的工作情况")
    with pytest.raises(CommandError):
        call_command("audit_verify")
    assert "submission_changed" in capsys.readouterr().err


def test_audit_verify_reports_a_rehashed_or_removed_submission(world, capsys):
    from bianmin.lib.hashchain import link_hash
    from bianmin.submissions.chain import payload_of

    s = actions.submit(actor=world.director, submission_id=draft(world).pk, now=at(2026, 11, 16))
    s.work = "改写后重算哈希"
    Submission.objects.filter(pk=s.pk).update(
        work=s.work, hash=link_hash(s.prev_hash, payload_of(s, world.town.code))
    )
    with pytest.raises(CommandError):
        call_command("audit_verify")
    assert "submission_signature_invalid" in capsys.readouterr().err
    Submission.objects.filter(pk=s.pk).delete()
    with pytest.raises(CommandError):
        call_command("audit_verify")
    assert "submission_chain_truncated" in capsys.readouterr().err


def test_reminders_once_per_report_and_day(world, capsys):
    """Reminders before the due date, for a notifier: one per (center, report due, day)."""
    call_command("report_reminders", "--date", "2026-11-12")
    first = ReportReminder.objects.filter(org=world.town, kind="semi_monthly", period_key=H1)
    assert first.count() == 1 and first.get().workdays_left == 2  # Thursday → Monday the 16th
    call_command("report_reminders", "--date", "2026-11-12")
    assert first.count() == 1
    # once submitted, no more reminders
    actions.submit(actor=world.director, submission_id=draft(world).pk, now=at(2026, 11, 15, 9))
    call_command("report_reminders", "--date", "2026-11-16")
    assert not ReportReminder.objects.filter(
        org=world.town, kind="semi_monthly", period_key=H1, day=dt.date(2026, 11, 16)
    ).exists()
