"""The pages under the Content-Security-Policy in a real browser: nothing refused, print buttons and the
API docs still work (issue 8 item 8)."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.cases import actions
from bianmin.conftest import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_run_under_the_content_security_policy_with_nothing_refused(
    browser_page: Any, world: Any
) -> None:
    """Issue 8 item 8: add a Content-Security-Policy and check the pages still work."""
    page = browser_page
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: refused.append(str(e)))
    outcome = actions.register(
        actor=world.clerk, item_code="MZ001", applicant=person(), received_materials=["居民身份证", "户口簿"]
    )
    notice = outcome.case.notices.first()

    # the public pages, the printable service card with its print button
    for url in ("/", f"/guide/?org={world.town.code}", "/progress/"):
        page.goto(url)
    page.goto(f"/guide/{world.dibao.code}/card/?org={world.town.code}")
    page.evaluate("window.print = () => { window.printed = true; }")
    page.locator("[data-print]").click()
    assert page.evaluate("window.printed === true")

    # the API docs render Swagger UI from our own static files
    page.goto("/api/v1/docs/")
    page.locator(".swagger-ui .info .title").wait_for()

    # the counter: login, the case page, a notice with its print bar
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("li")
    page.get_by_label("密码").fill("pw")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/counter/")
    page.goto(f"/counter/cases/{outcome.case.number}/")
    if notice is not None:
        page.goto(f"/counter/notices/{notice.pk}/")
        page.evaluate("window.print = () => { window.printed = true; }")
        page.locator("[data-print]").click()
        assert page.evaluate("window.printed === true")
    page.goto("/admin/login/")
    assert refused == []
