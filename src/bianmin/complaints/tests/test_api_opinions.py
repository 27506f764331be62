"""The opinion book (意见簿, 评议卡, 意见箱, 网上留言) over the API: listed for the center's staff with a citizen
author masked, recorded by staff or posted online by a citizen, answered, adopted, published on the hall's
page only with the author's consent.

000 篇8 (意见簿) and 003 第二十二条 (设立投诉箱和投诉电话,发放评议卡): entries are recorded and answered; an
adopted suggestion is credited to its author; the answer is published only if the author agreed.
"""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.complaints import actions, public
from bianmin.complaints.models import OpinionEntry, OpinionState
from bianmin.complaints.tests.conftest import MORNING
from bianmin.security.limits import FailureLimit

URL = "/api/v1/opinions/"


@pytest.fixture
def limit(monkeypatch: pytest.MonkeyPatch) -> FailureLimit:
    small = FailureLimit("public_opinion_test", 3, 3600)
    monkeypatch.setattr(public, "POST_LIMIT", small)
    return small


def entry(world: Any, **extra: Any) -> OpinionEntry:
    """A card filled in by 李四, who agreed to publication, transcribed by clerk Li."""
    data: dict[str, Any] = {
        "source": "card",
        "content": "希望大厅增加老花镜",
        "author_kind": "citizen",
        "author_name": "李四",
        "author_phone": "13700001234",
        "consent_to_publish": True,
    }
    data.update(extra)
    return actions.record_opinion(actor=world.clerk, org=world.town, now=MORNING, **data)


def code(response: Any) -> tuple[int, str]:
    return response.status_code, response.json().get("code", "")


# ------------------------------------------------------------------------------------------------ list


def test_list_is_the_centers_and_masks_a_citizen_author(world: Any, api: Any) -> None:
    """A citizen's name and phone are the supervisor's to see (三 保密, as for a complainant); a staff
    member's suggestion names them, since it is credited to them."""
    entry(world)
    actions.record_opinion(
        actor=world.clerk,
        org=world.town,
        source="book",
        content="叫号机加语音",
        author_kind="staff",
        author_staff=world.handler.staff,
        now=MORNING,
    )
    assert api.get(URL).status_code in (401, 403)
    api.force_authenticate(world.clerk)
    rows = {row["author_kind"]: row for row in api.get(URL).json()["results"]}
    assert (rows["citizen"]["author_name"], rows["citizen"]["author_phone"]) == ("李*", "137****1234")
    assert (rows["staff"]["author_name"], rows["staff"]["author_staff"]) == ("陈承办", world.handler.pk)
    api.force_authenticate(world.supervisor)
    citizen = api.get(URL, {"author_kind": "citizen"}).json()["results"]
    assert [(r["author_name"], r["author_phone"]) for r in citizen] == [("李四", "13700001234")]
    api.force_authenticate(world.clerk2)  # 壬田镇's clerk
    assert api.get(URL).json()["results"] == []
    pk = OpinionEntry.objects.filter(author_kind="citizen").get().pk
    assert code(api.get(f"{URL}{pk}/")) == (404, "opinion_not_found")


def test_list_filters_by_state_and_adoption(world: Any, api: Any) -> None:
    answered = entry(world)
    actions.answer_opinion(answered, actor=world.leader, answer="已配备", now=MORNING)
    actions.adopt_opinion(answered, actor=world.leader, note="已购置老花镜", now=MORNING)
    entry(world, content="等候区太冷")
    api.force_authenticate(world.leader)
    assert [r["content"] for r in api.get(URL, {"state": "open"}).json()["results"]] == ["等候区太冷"]
    adopted = api.get(URL, {"adopted": "true"}).json()["results"]
    assert [(r["content"], r["adoption_note"]) for r in adopted] == [("希望大厅增加老花镜", "已购置老花镜")]
    assert code(api.get(URL, {"state": "lost"})) == (400, "invalid")


# ---------------------------------------------------------------------------------------------- create


def test_staff_record_an_entry_of_the_book(world: Any, api: Any) -> None:
    api.force_authenticate(world.clerk)
    response = api.post(
        URL,
        {
            "source": "book",
            "content": "希望周六也能办理",
            "author_kind": "citizen",
            "author_name": "王五",
            "author_phone": "13912345678",
            "consent_to_publish": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    saved = OpinionEntry.objects.get(pk=response.json()["id"])
    assert (saved.org, saved.source, saved.recorded_by, saved.state) == (
        world.town,
        "book",
        world.clerk,
        "open",
    )


def test_a_staff_suggestion_names_a_colleague_of_the_center(world: Any, api: Any) -> None:
    api.force_authenticate(world.clerk)
    body = {"source": "book", "content": "增设导办台", "author_kind": "staff"}
    assert code(api.post(URL, body, format="json")) == (400, "author_staff_required")
    other = api.post(URL, body | {"author_staff": world.clerk2.pk}, format="json")
    assert code(other) == (400, "staff_not_of_center")
    own = api.post(URL, body | {"author_staff": world.handler.pk}, format="json")
    assert own.status_code == 201
    saved = OpinionEntry.objects.get(pk=own.json()["id"])
    # a staff member's suggestion is never published on the hall's page
    assert (saved.author_staff, saved.author_name, saved.consent_to_publish) == (
        world.handler.staff,
        "陈承办",
        False,
    )


@pytest.mark.parametrize(
    ("extra", "status", "error"),
    [
        ({"content": " "}, 400, "content_required"),
        ({"author_kind": "citizen", "author_name": ""}, 400, "author_name_required"),
        ({"author_phone": "12ab"}, 400, "invalid_phone"),
        ({"source": "fax"}, 400, "invalid"),
        ({"reson": "x"}, 400, "invalid"),
    ],
)
def test_staff_post_refusals_have_codes(world: Any, api: Any, extra: Any, status: int, error: str) -> None:
    api.force_authenticate(world.clerk)
    body = {"source": "card", "content": "意见", "author_kind": "citizen", "author_name": "王五"} | extra
    assert code(api.post(URL, body, format="json")) == (status, error)
    assert not OpinionEntry.objects.exists()


def test_a_citizen_leaves_a_message_online_without_an_account(world: Any, api: Any, limit: Any) -> None:
    body = {
        "source": "online",
        "content": "停车位太少",
        "author_kind": "anonymous",
        "center": world.town.code,
    }
    response = api.post(URL, body, format="json")
    assert response.status_code == 201
    saved = OpinionEntry.objects.get(pk=response.json()["id"])
    assert (saved.org, saved.recorded_by, saved.author_kind, saved.author_name) == (
        world.town,
        None,
        "anonymous",
        "",
    )


@pytest.mark.parametrize(
    ("extra", "status", "error"),
    [
        ({"source": "book"}, 400, "source_not_allowed"),  # the book is transcribed by the center's staff
        ({"author_kind": "staff"}, 400, "source_not_allowed"),
        ({"center": "999999999"}, 404, "center_not_found"),
        ({"center": ""}, 400, "invalid"),  # a blank field is a malformed body
    ],
)
def test_public_post_refusals_have_codes(
    world: Any, api: Any, limit: Any, extra: Any, status: int, error: str
) -> None:
    body = {
        "source": "online",
        "content": "停车位太少",
        "author_kind": "anonymous",
        "center": world.town.code,
    }
    assert code(api.post(URL, body | extra, format="json")) == (status, error)
    assert not OpinionEntry.objects.exists()


def test_public_posts_are_rate_limited(world: Any, api: Any, limit: Any) -> None:
    """Like the public lookup: every anonymous post counts, a refused one too, then 429."""
    body = {
        "source": "online",
        "content": "停车位太少",
        "author_kind": "anonymous",
        "center": world.town.code,
    }
    assert api.post(URL, body | {"content": ""}, format="json").status_code == 400
    for _ in range(2):
        assert api.post(URL, body, format="json").status_code == 201
    assert code(api.post(URL, body, format="json")) == (429, "too_many_posts")
    assert OpinionEntry.objects.count() == 2


# ------------------------------------------------------------------------------------ answer, publish


def test_publishing_needs_the_authors_consent(world: Any, api: Any, client: Any) -> None:
    """000 篇8: the answer goes on the hall's page only if the author agreed; a refused publication writes
    nothing, the answer included."""
    private = entry(world, content="私下的意见", consent_to_publish=False)
    agreed = entry(world)
    api.force_authenticate(world.leader)
    refused = api.post(f"{URL}{private.pk}/answer/", {"answer": "收到", "publish": True}, format="json")
    assert code(refused) == (409, "no_consent")
    private.refresh_from_db()
    assert (private.state, private.answer, private.published) == (OpinionState.OPEN, "", False)
    answered = api.post(f"{URL}{private.pk}/answer/", {"answer": "收到"}, format="json")
    assert answered.status_code == 200 and answered.json()["published"] is False
    shown = api.post(f"{URL}{agreed.pk}/answer/", {"answer": "已配备老花镜", "publish": True}, format="json")
    assert shown.status_code == 200 and (shown.json()["state"], shown.json()["published"]) == (
        "answered",
        True,
    )
    page = client.get(f"/opinions/?org={world.town.code}").content.decode()
    assert "已配备老花镜" in page and "李*" in page and "李四" not in page and "私下的意见" not in page


def test_answer_refusals(world: Any, api: Any) -> None:
    opinion = entry(world)
    api.force_authenticate(world.handler)  # records entries, does not answer them
    assert code(api.post(f"{URL}{opinion.pk}/answer/", {"answer": "收到"}, format="json")) == (
        403,
        "permission_denied",
    )
    api.force_authenticate(world.clerk2)  # another center's: as if it did not exist
    assert code(api.post(f"{URL}{opinion.pk}/answer/", {"answer": "收到"}, format="json")) == (
        404,
        "opinion_not_found",
    )
    api.force_authenticate(world.clerk)
    assert code(api.post(f"{URL}{opinion.pk}/answer/", {"answer": " "}, format="json")) == (
        400,
        "answer_required",
    )
    assert api.post(f"{URL}{opinion.pk}/answer/", {"answer": "收到"}, format="json").status_code == 200
    again = api.post(f"{URL}{opinion.pk}/answer/", {"answer": "再答复"}, format="json")
    assert code(again) == (409, "already_answered")
    opinion.refresh_from_db()
    assert (opinion.answer, opinion.answered_by) == ("收到", world.clerk)


# ---------------------------------------------------------------------------------------------- adopt


def test_an_adopted_suggestion_is_credited_once_after_the_answer(world: Any, api: Any) -> None:
    """An adopted suggestion counts for its author in the assessment: adopted once, after the author was
    answered, by a leader."""
    opinion = entry(world)
    api.force_authenticate(world.leader)
    body = {"note": "已购置老花镜两副"}
    assert code(api.post(f"{URL}{opinion.pk}/adopt/", body, format="json")) == (409, "not_answered")
    api.post(f"{URL}{opinion.pk}/answer/", {"answer": "好的"}, format="json")
    api.force_authenticate(world.clerk)  # answers, does not adopt
    assert code(api.post(f"{URL}{opinion.pk}/adopt/", body, format="json")) == (403, "permission_denied")
    api.force_authenticate(world.leader)
    assert code(api.post(f"{URL}{opinion.pk}/adopt/", {"note": ""}, format="json")) == (400, "note_required")
    adopted = api.post(f"{URL}{opinion.pk}/adopt/", body, format="json")
    assert adopted.status_code == 200
    assert (adopted.json()["adopted"], adopted.json()["adoption_note"]) == (True, "已购置老花镜两副")
    assert code(api.post(f"{URL}{opinion.pk}/adopt/", body, format="json")) == (409, "already_adopted")
    assert code(api.post(f"{URL}99999/adopt/", body, format="json")) == (404, "opinion_not_found")
