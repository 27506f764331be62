"""The 印章管理 pages: the registry, a seal, logging a use (a refusal shown, the attempt kept), the approval queue,
the attempts, the month's register (用印登记簿) on screen and as a PDF, and the case page's panel."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from bianmin.cases import actions as case_actions
from bianmin.conftest import person
from bianmin.seals import actions, selectors
from bianmin.seals.models import SealAttempt, SealUse
from bianmin.seals.tests.conftest import NOW, minutes

pytestmark = pytest.mark.django_db

# The registry page: the session, the user, their permissions (own and groups'), the staff row, the seals (with
# center, window and custodian joined), the hand-overs waiting for the reader; then the layout's own reads. The
# same for 2 seals as for 10.
REGISTRY_QUERIES = 12


def test_the_pages_open_for_the_center(sealed: Any, client: Any) -> None:
    w = sealed
    actions.log_use(w.business, actor=w.clerk, impressions=1, document="证明", now=minutes(1))
    client.force_login(w.director)
    for url in ("/counter/seals/", "/counter/seals/XH-002/", "/counter/seals/use/", "/counter/seals/requests/",
                "/counter/seals/attempts/", "/counter/seals/report/?month=2026-03"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    assert client.get("/counter/seals/RT-001/").status_code == 404
    assert "XH-002" in client.get("/counter/seals/report/?month=2026-03").content.decode()


@pytest.mark.parametrize("n", [2, 10])
def test_the_registry_costs_the_same_however_many_seals(
    sealed: Any, client: Any, n: int, django_assert_num_queries: Any
) -> None:
    w = sealed
    for i in range(n):
        actions.register_seal(
            actor=w.director,
            number=f"XH-{i + 10:03d}",
            name=f"章{i}",
            kind="business",
            custodian=w.clerk.staff,
        )
    client.force_login(w.clerk)
    with django_assert_num_queries(REGISTRY_QUERIES):
        assert client.get("/counter/seals/").status_code == 200


def test_a_use_by_someone_else_is_refused_on_the_page_and_logged(sealed: Any, client: Any) -> None:
    w = sealed
    client.force_login(w.handler)
    answer = client.post("/counter/seals/use/", {"seal": "XH-002", "document": "证明", "impressions": 1})
    assert answer.status_code == 403
    assert "只有保管人可以用印" in answer.content.decode()
    assert SealAttempt.objects.get().code == "not_custodian"
    client.force_login(w.clerk)
    done = client.post("/counter/seals/use/", {"seal": "XH-002", "document": "证明", "impressions": 1})
    assert done.status_code == 302 and SealUse.objects.count() == 1


def test_register_with_an_impression_image_and_serve_it(
    sealed: Any, client: Any, settings: Any, tmp_path: Any
) -> None:
    from bianmin.seals.tests.test_registry import png

    settings.MEDIA_ROOT = tmp_path
    w = sealed
    client.force_login(w.director)
    data = {
        "number": "XH-005",
        "name": "个人名章",
        "kind": "personal",
        "custodian": w.director.staff.pk,
        "impression": png(),
    }
    assert client.post("/counter/seals/", data).status_code == 302
    image = client.get("/counter/seals/XH-005/impression/")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    client.force_login(w.clerk2)
    assert client.get("/counter/seals/XH-005/impression/").status_code == 404


def test_the_approval_queue_and_the_steps(sealed: Any, client: Any) -> None:
    w = sealed
    client.force_login(w.clerk)
    asked = client.post(
        "/counter/seals/XH-001/request/", {"purpose": "出具证明", "document": "证明", "impressions": 1}
    )
    assert asked.status_code == 302
    [req] = selectors.pending_requests(w.clerk)
    client.force_login(w.leader)
    assert req.purpose in client.get("/counter/seals/requests/").content.decode()
    assert (
        client.post(f"/counter/seals/requests/{req.pk}/decide/", {"approve": "1", "note": "同意"}).status_code
        == 302
    )
    req.refresh_from_db()
    assert req.state == "approved"
    client.force_login(w.clerk)
    assert client.post("/counter/seals/XH-002/hand_over/", {"to": w.handler.staff.pk}).status_code == 302
    client.force_login(w.handler)
    assert client.post("/counter/seals/XH-002/accept/", {"note": ""}).status_code == 302
    w.business.refresh_from_db()
    assert w.business.custodian == w.handler.staff


def test_the_month_register_prints_as_a_pdf(sealed: Any, client: Any) -> None:
    w = sealed
    actions.log_use(w.business, actor=w.clerk, impressions=3, document="证明", now=minutes(1))
    client.force_login(w.director)
    pdf = client.get("/counter/seals/report/", {"month": "2026-03", "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    [page] = [p for p in selectors.monthly_register([w.town.pk], NOW.date()) if p.seal == w.business]
    assert page.impressions == 3


def test_the_case_panel_shows_the_uses_and_offers_the_custodian_a_link(sealed: Any) -> None:
    w = sealed
    case = case_actions.register(
        actor=w.clerk, item_code="ZH009", applicant=person(), received_materials=["居民身份证", "户口簿", "家庭收入证明"],
        now=minutes(1),
    ).case  # fmt: skip
    template = Template("{% load seal_tags %}{% seals_case_panel case %}")

    def render(user: Any) -> str:
        request = RequestFactory().get("/")
        request.user = user
        return template.render(Context({"case": case, "request": request}))

    empty = render(w.clerk)
    assert "登记用印后才能办结" in empty and "/counter/seals/use/?case=" in empty
    assert "/counter/seals/use/" not in render(w.supervisor)
    actions.log_use(w.business, actor=w.clerk, impressions=1, case_number=case.number, now=minutes(2))
    shown = render(w.clerk)
    assert "XH-002" in shown and "李窗口" in shown and "登记用印后才能办结" not in shown


def test_counts_by_center_and_seal(sealed: Any) -> None:
    w = sealed
    actions.log_use(w.business, actor=w.clerk, impressions=2, document="a", now=minutes(1))
    actions.log_use(w.business, actor=w.clerk, impressions=1, document="b", now=minutes(2))
    day = NOW.date()
    assert selectors.counts([w.town.pk, w.town2.pk], day, day, by="org") == {(w.town.pk,): 2}
    assert selectors.counts([w.town.pk], day, day, by=("seal",), impressions=True) == {(w.business.pk,): 3}
    assert selectors.counts([w.town.pk], day, day) == {(): 2}
    assert selectors.counts([w.town.pk], day.replace(day=3), day) == {}
