"""The admin shows complaints and the opinion book read-only and scoped (orgs.admin_scope), and keeps the
complainant confidential as the pages do: 003 曾家镇效能投诉制度 三、对投诉人及投诉事项予以保密."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from bianmin.complaints import actions
from bianmin.complaints.models import Complaint
from bianmin.complaints.tests.conftest import MORNING, complain

LIST = "/admin/complaints/complaint/"
OPINIONS = "/admin/complaints/opinionentry/"


@pytest.fixture
def admins(world: Any) -> Any:
    for user in (world.director, world.supervisor):
        user.is_staff = True
        user.save()
    complain(world)
    actions.record_opinion(
        actor=world.clerk,
        org=world.town,
        source="card",
        content="希望延长午间办公",
        author_kind="citizen",
        author_name="钱七",
        author_phone="13700007777",
        now=MORNING,
    )
    return world


def test_the_director_sees_the_complainant_masked_and_cannot_search_by_name(
    admins: Any, client: Client
) -> None:
    # given director Wu, who reads complaints but is not the supervisor
    client.force_login(admins.director)
    complaint = Complaint.objects.get()
    # when he opens the list and the complaint in the admin
    listing = client.get(LIST).content.decode()
    page = client.get(f"{LIST}{complaint.pk}/change/").content.decode()
    # then the complainant is masked in both
    assert "张*" in listing and "张三" not in listing
    assert "138****1234" in page and "13800001234" not in page and "张三" not in page
    # and a search by the name finds nothing (it would tell who complained as well as the name)
    assert client.get(LIST, {"q": "张三"}).context["cl"].result_count == 0
    # nor by the phone
    assert client.get(LIST, {"q": "13800001234"}).context["cl"].result_count == 0
    # a citizen's opinion is masked the same way
    opinions = client.get(OPINIONS).content.decode()
    assert "钱*" in opinions and "钱七" not in opinions


def test_the_supervisor_sees_and_finds_the_complainant(admins: Any, client: Client) -> None:
    client.force_login(admins.supervisor)
    complaint = Complaint.objects.get()
    page = client.get(f"{LIST}{complaint.pk}/change/").content.decode()
    assert "张三" in page and "13800001234" in page
    assert client.get(LIST, {"q": "张三"}).context["cl"].result_count == 1


def test_complaints_are_read_only_in_the_admin(admins: Any, client: Client) -> None:
    """Every change of a complaint is an action with its checks (答复, 移送, 认定), never an admin edit."""
    client.force_login(admins.supervisor)
    complaint = Complaint.objects.get()
    assert client.get(f"{LIST}add/").status_code == 403
    client.post(f"{LIST}{complaint.pk}/change/", {"state": "decided", "upheld": "True"})
    assert client.post(f"{LIST}{complaint.pk}/delete/", {"post": "yes"}).status_code == 403
    complaint.refresh_from_db()
    assert (complaint.state, complaint.upheld) == ("open", None)


def test_every_heading_and_label_of_the_complaint_admin_is_chinese(admins: Any, client: Client) -> None:
    """As the admin's chrome test asks of every admin, here with a referred, answered complaint."""
    from bianmin.orgs.tests.test_admin_chrome import CJK, chrome

    letter = complain(admins, channel="letter", major=True)
    actions.refer_complaint(letter, actor=admins.supervisor, note="报镇纪委", to_body="镇纪委", now=MORNING)
    actions.reply_complaint(letter, actor=admins.leader, text="已处理", mode="written", now=MORNING)
    client.force_login(admins.supervisor)
    entry = admins.town.opinions.get()
    for path in (LIST, f"{LIST}{letter.pk}/change/", OPINIONS, f"{OPINIONS}{entry.pk}/change/"):
        html = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        labels = chrome(html)
        assert labels and [t for t in labels if not CJK.search(t)] == [], path
    assert "镇纪委" in client.get(f"{LIST}{letter.pk}/change/").content.decode()
