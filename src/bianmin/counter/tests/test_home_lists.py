"""The home page lists the most urgent cases of each list and links to the full list asking the same
question (DESIGN.md: the counter's start page; 001 电子监察: late cases first)."""

from __future__ import annotations

import re

from bianmin.counter.selectors import HOME_LIMIT
from bianmin.counter.tests.helpers import accepted, in_progress


def _numbers(html: str) -> list[str]:
    return re.findall(r'<a href="/counter/cases/([^/?"]+)/">', html)


def _section(page: str, heading: str) -> str:
    start = page.index(f'id="{heading}"')
    return page[start : page.index("</section>", start)]


def test_each_home_list_shows_its_first_cases_and_links_to_all_of_them(world, client):
    # given more cases than the home page lists: Li registered and accepted them all today, and
    # handles two of them
    cases = [accepted(world) for _ in range(HOME_LIMIT + 2)]
    handled = [in_progress(world, handler=world.clerk) for _ in range(2)]
    client.force_login(world.clerk)
    page = client.get("/counter/").content.decode()
    mine = _section(page, "h-mine")
    # then 我的在办件 shows the first HOME_LIMIT and a link to the full list of the same cases
    assert len(_numbers(mine)) == HOME_LIMIT
    link = re.search(r'<p class="more">.*?<a href="([^"]+)">', mine, re.S).group(1).replace("&amp;", "&")
    full = client.get(link).content.decode()
    assert set(_numbers(full)) == {c.number for c in cases + handled}
    # and 待我承办, short of the limit, has no link; 今日登记 links to today's list at Li's window
    assert set(_numbers(_section(page, "h-handling"))) == {c.number for c in handled}
    assert 'class="more"' not in _section(page, "h-handling")
    today = _section(page, "h-today")
    assert len(_numbers(today)) == HOME_LIMIT and 'class="more"' in today
    link = re.search(r'<p class="more">.*?<a href="([^"]+)">', today, re.S).group(1).replace("&amp;", "&")
    assert "window=" in link and set(_numbers(client.get(link).content.decode())) == {
        c.number for c in cases + handled
    }
