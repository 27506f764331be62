"""The network's pages: the agent's station ledger (代办点台账), the town's inbox of forwarded cases (代办件签收),
the county's inbox of escalations (上报件) with each town's counts, the case page's network facts and the green
channel first in the work lists. Cases are made through the actions, as the pages make them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest

from bianmin.cases import actions
from bianmin.cases.models import Case
from bianmin.catalog.actions import enable_item
from bianmin.catalog.models import StationDelegation
from bianmin.conftest import at, person
from bianmin.counter.tests.helpers import (
    ALL_MANDATORY,
    accepted,
    at_station,
    escalated,
    forwarded,
    reload,
    signed,
    submitted,
    with_agent,
)


def html(response: Any) -> str:
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, heading_id: str) -> str:
    """The part of the page under one heading, up to the end of its section."""
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def rows(part: str) -> list[str]:
    return re.findall(r"<tr[ >].*?</tr>", part.split("<tbody>", 1)[1], flags=re.S)


# ------------------------------------------------------------------------------------------- 代办点台账


def test_the_agents_station_page_lists_what_to_forward_what_came_back_and_the_ledger(net, client):
    """000 篇1 受理: 由代辦員負責受理、登記，做好管理台帳; 004 第七条: 委托、受理、承办、回交…做好代办事项
    台账登记. The agent sees what still has to go to the town, what came back for the villager, and every
    case the station took."""
    # given agent Wang of 燕子村 holds one matter, forwarded one, and has one result back from the town
    waiting = at_station(net, name="刘秀英")
    sent = forwarded(net, name="杨建华")
    back = with_agent(net, name="陈桂兰")
    other_station = at_station(net, agent=net.agent2, name="沙洲坝村民")
    # when he opens his station's page
    client.force_login(net.agent)
    page = html(client.get("/counter/station/"))
    # then each block lists its own, linked to the case page
    to_forward = section(page, "h-to-forward")
    assert waiting.number in to_forward and sent.number not in to_forward
    assert f'href="/counter/cases/{waiting.number}/#action-forward"' in to_forward
    returned = section(page, "h-with-agent")
    assert back.number in returned and waiting.number not in returned
    assert f'href="/counter/cases/{back.number}/#action-hand_back"' in returned
    assert "按时交回" in returned
    # and the ledger holds all three, newest first, never another station's
    ledger = section(page, "h-ledger")
    numbers = re.findall(r'<a href="/counter/cases/([^/]+)/">', ledger)
    assert numbers == [back.number, sent.number, waiting.number]
    assert other_station.number not in page
    assert "燕子村便民服务站" in page and '<select id="station-pick"' not in page


def test_the_ledger_shows_the_items_due_date_and_the_proxy_legs_side_by_side(net, client, time_machine):
    """003 曾家镇全程代办制度 四: 在中心运转时间一般不得超过7个工作日 — the proxy leg has its own due date and
    warning level beside the item's own."""
    # given a case forwarded, signed for and accepted on 9-29: proxy leg due 10-14, the item due 10-19
    case = signed(net, now=at(2026, 9, 29, 9))
    assert (case.proxy_due_date, case.due_date) == (dt.date(2026, 10, 14), dt.date(2026, 10, 19))
    # when the agent looks on 10-13: one working day left on the proxy leg (预警)
    time_machine.move_to(at(2026, 10, 13, 10))
    client.force_login(net.agent)
    ledger = section(html(client.get("/counter/station/")), "h-ledger")
    (row,) = rows(ledger)
    due, proxy_due = re.findall(r'<td class="(?:due|proxy-due)">(.*?)</td>', row, flags=re.S)
    # then both dates stand in their own columns, each with its days left and level
    assert str(case.due_date) in due and "剩" in due
    assert "2026-10-14" in proxy_due and "剩 1 个工作日" in proxy_due
    assert '<strong class="badge level-warning">预警</strong>' in proxy_due
    # and once the leg is overdue it is carded (黄牌) while the item's own date is still far off
    time_machine.move_to(at(2026, 10, 15, 10))
    proxy_due = re.findall(r'<td class="proxy-due">(.*?)</td>', html(client.get("/counter/station/")), re.S)
    assert '<strong class="badge level-yellow">黄牌</strong>' in proxy_due[0]
    # and the town's export carries the proxy leg's date and level in their own columns
    client.force_login(net.clerk)
    exported = list(
        csv.DictReader(io.StringIO(client.get("/counter/cases/?format=csv").content.decode("utf-8-sig")))
    )
    (line,) = [r for r in exported if r["受理编号"] == case.number]
    assert (line["承诺办结日"], line["代办时限"], line["代办监察等级"]) == (
        "2026-10-19",
        "2026-10-14",
        "黄牌",
    )


def test_a_town_reads_its_stations_ledgers_but_not_another_towns(net, client):
    """A town's staff oversee their stations (the case scope's rule); 壬田镇 lists no station of 象湖镇."""
    yanzi = at_station(net, name="燕子村民")
    shazhouba = at_station(net, agent=net.agent2, name="沙洲坝村民")
    client.force_login(net.clerk)
    first = html(client.get("/counter/station/"))
    assert '<select id="station-pick"' in first and yanzi.number in first and shazhouba.number not in first
    chosen = html(client.get("/counter/station/", {"station": net.village2.code}))
    assert shazhouba.number in chosen and yanzi.number not in chosen
    # 壬田镇's clerk: no station of theirs, and 燕子村 by its code is not found
    client.force_login(net.clerk2)
    assert "没有您可以查看的代办点" in html(client.get("/counter/station/"))
    assert client.get("/counter/station/", {"station": net.village.code}).status_code == 404


def test_the_nav_links_each_user_to_their_network_page(net, client):
    at_station(net)
    expected = {
        net.agent: (True, None),
        net.clerk: (True, "代办件签收"),
        net.clerk2: (False, "代办件签收"),  # 壬田镇 has no station
        net.county_clerk: (False, "上报件"),
        net.county_admin: (False, "上报件"),
    }
    for user, (station, inbox) in expected.items():
        client.force_login(user)
        page = html(client.get("/counter/"))
        assert ('class="nav-station">代办点台账</a>' in page) is station, user
        found = re.search(r'class="nav-network">([^<]+)</a>', page)
        assert (found.group(1) if found else None) == inbox, user
    client.force_login(net.agent)
    assert client.get("/counter/network/").url == "/counter/station/"


# -------------------------------------------------------------------------------- 代办件签收 (town)


def test_the_town_inbox_lists_forwarded_cases_to_sign_and_its_escalations_waiting_at_the_county(net, client):
    """000 篇1 報送 / 003 曾家镇 五(一): the town signs for what its stations forwarded; what it escalated shows
    the county's case number, state and due date, read through the link — the town cannot open it."""
    # given one forwarded case, one escalated to the county (accepted there), one already signed for
    to_sign = forwarded(net, name="刘秀英")
    town_case, county_case = escalated(net, name="杨建华")
    actions.accept(county_case.number, actor=net.county_clerk)
    county_case = reload(county_case)
    signed_already = signed(net, name="陈桂兰")
    # when clerk Li opens the inbox
    client.force_login(net.clerk)
    page = html(client.get("/counter/network/"))
    # then
    waiting = section(page, "h-forwarded")
    assert to_sign.number in waiting and signed_already.number not in waiting
    assert "燕子村便民服务站" in waiting and str(reload(to_sign).proxy_due_date) in waiting
    up = section(page, "h-escalated")
    assert town_case.number in up and county_case.number in up
    assert "已受理" in up and str(county_case.due_date) in up
    assert f"/counter/cases/{county_case.number}/" not in page
    assert client.get(f"/counter/cases/{county_case.number}/").status_code == 404


def test_a_town_never_sees_another_towns_forwarded_cases(net, client):
    """A town never sees another town's cases (cases.selectors.case_scope)."""
    case = forwarded(net)
    client.force_login(net.clerk2)
    page = html(client.get("/counter/network/"))
    assert case.number not in page and "没有待签收的代办件" in page


# ----------------------------------------------------------------------------------- 上报件 (county)


def test_the_county_inbox_lists_escalations_not_yet_taken_with_the_town_they_came_from(net, client):
    """002 上报件: the county's clerk takes or returns what the towns escalated."""
    town_case, county_case = escalated(net, name="刘秀英")
    taken_town, taken = escalated(net, name="杨建华")
    actions.accept(taken.number, actor=net.county_clerk)
    client.force_login(net.county_clerk)
    page = html(client.get("/counter/network/"))
    inbox = page[page.index("<table") : page.index("</table>")]
    assert county_case.number in inbox and f'href="/counter/cases/{county_case.number}/"' in inbox
    assert town_case.number in inbox and "象湖镇" in inbox and "代办件" in inbox
    assert taken.number not in inbox and taken_town.number not in inbox
    assert "各乡镇办件" not in page  # a county clerk is not a county-wide role


def test_the_county_sees_each_towns_open_due_soon_overdue_and_escalated_counts(net, client, time_machine):
    """County roles see every town's and station's cases and, per town, open / due within 1 working day /
    overdue / escalated-waiting (000 after 篇8: 縣行政服務中心 全面掌握情況). Today is 2026-10-13."""
    time_machine.move_to(at(2026, 10, 13, 10))
    enable_item(net.dibao, net.town2)
    StationDelegation.objects.create(item=net.proof, org=net.town)

    def accept_on(clerk: Any, day: dt.datetime, **applicant: Any) -> Any:
        case = actions.register(
            actor=clerk,
            item_code="MZ001",
            applicant=person(**applicant),
            received_materials=ALL_MANDATORY,
            now=day,
        ).case
        return actions.accept(case, actor=clerk, now=day).case

    # 象湖镇: due today, due the next working day, due later, overdue, escalated, not accepted, at the
    # station, concluded; and 燕子村's own delegated case, due today (counted with its town)
    assert accept_on(net.clerk, at(2026, 9, 22)).due_date == dt.date(2026, 10, 13)
    assert accept_on(net.clerk, at(2026, 9, 23)).due_date == dt.date(2026, 10, 14)
    assert accept_on(net.clerk, at(2026, 9, 29)).due_date == dt.date(2026, 10, 19)
    assert accept_on(net.clerk, at(2026, 9, 1)).due_date == dt.date(2026, 9, 15)
    escalated(net, now=at(2026, 10, 9))
    submitted(net)
    at_station(net, now=at(2026, 10, 12))
    done = accepted(net)
    actions.assign(done, actor=net.clerk, handler=net.handler)
    actions.conclude(done.number, actor=net.handler, result="granted")
    own = actions.register(
        actor=net.agent, item_code="ZH001", applicant=person(), received_materials=ALL_MANDATORY
    ).case
    assert actions.accept(own, actor=net.agent).case.org == net.village
    # 壬田镇: one overdue, one not accepted
    accept_on(net.clerk2, at(2026, 9, 1))
    submitted(net, clerk=net.clerk2)

    client.force_login(net.county_admin)
    table = section(html(client.get("/counter/network/")), "h-per-town")
    counts = {}
    for row in rows(table):
        town = re.search(r'<th scope="row">.*?>([^<]+)</a>', row).group(1)
        counts[town] = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row)]
    assert counts == {
        "象湖镇便民服务中心": ["8", "3", "1", "1"],
        "壬田镇便民服务中心": ["2", "0", "1", "0"],
    }
    # the town's link lists the town's cases with its station's own, and no other town's
    link = re.search(r'<a href="(/counter/cases/\?town=[^"]+)">象湖镇', table).group(1)
    listed = html(client.get(link.replace("&amp;", "&")))
    shown = set(re.findall(r'<a href="/counter/cases/([^/?"]+)/">', listed))
    expected = Case.objects.filter(org__in=[net.town, net.village]).values_list("number", flat=True)
    assert own.number in shown and shown == set(expected)
    assert not shown & set(Case.objects.filter(org=net.town2).values_list("number", flat=True))


# ------------------------------------------------------------------------------------------ the case page


def test_the_case_page_shows_the_station_the_authorisation_the_proxy_leg_and_the_county_case(net, client):
    """000 篇1 服务原则 2 (授权委托) and 003 曾家镇 四: the town's case names its station and the villager's
    authorisation, shows the proxy leg beside the item's due date, and the county's case by number only."""
    town_case, county_case = escalated(net, name="刘秀英")
    actions.accept(county_case.number, actor=net.county_clerk)
    county_case = reload(county_case)
    client.force_login(net.clerk)
    page = html(client.get(f"/counter/cases/{town_case.number}/"))
    facts = section(page, "h-item")
    assert facts.index("承诺办结日") < facts.index("代办时限")
    assert str(reload(town_case).proxy_due_date) in facts and "县级办理中，暂停计时" in facts
    network = section(page, "h-network")
    assert "燕子村便民服务站" in network and "全程代办" in network
    assert "刘秀英 委托代办员 王代办 代办" in network
    assert county_case.number in network and "已受理" in network and str(county_case.due_date) in network
    assert f"/counter/cases/{county_case.number}/" not in page  # the town cannot open it
    # and the ledger reads in words: the hand-over slip's lines, the county's case
    steps = section(page, "h-timeline")
    assert "交接材料" in steps and "居民身份证（原件 1，复印件 1，2 页）" in steps
    assert "县级办件" in steps and "handed_over" not in steps
    assert "<dt>代办点</dt><dd>燕子村便民服务站</dd>" in steps  # the station by name, not its code
    assert net.village.code not in steps
    # the county admin, who may see both, follows the link
    client.force_login(net.county_admin)
    page = html(client.get(f"/counter/cases/{town_case.number}/"))
    assert f'href="/counter/cases/{county_case.number}/"' in section(page, "h-network")


def test_the_county_case_names_the_town_case_it_came_from(net, client):
    town_case, county_case = escalated(net, green="elderly")
    client.force_login(net.county_clerk)
    page = html(client.get(f"/counter/cases/{county_case.number}/"))
    came_from = section(page, "h-network")
    assert "乡镇来件" in came_from and "象湖镇便民服务中心" in came_from and town_case.number in came_from
    assert f"/counter/cases/{town_case.number}/" not in came_from  # not the county clerk's to open
    assert "绿色通道·老年人" in came_from


# ---------------------------------------------------------------------------------------- 绿色通道 first


def test_green_channel_cases_come_first_in_the_work_lists(net, client):
    """000 篇8: 对群众急需办理的服务事项，开辟绿色通道 — first in the home lists, in a block above the case
    list, first among the forwarded cases and in the county's inbox."""
    plain = accepted(net, name="普通")
    urgent = accepted(net, name="急需")
    actions.open_green_channel(urgent, actor=net.clerk, reason="urgent")
    plain_forwarded = forwarded(net, name="普通代办")
    green_forwarded = forwarded(net, name="老人代办", green="elderly")
    client.force_login(net.clerk)
    home = html(client.get("/counter/"))
    mine = section(home, "h-mine")
    assert mine.index(urgent.number) < mine.index(plain.number) and "绿色通道·急需办理" in mine
    listed = html(client.get("/counter/cases/"))
    green = section(listed, "h-green")
    assert urgent.number in green and plain.number not in green
    inbox = section(html(client.get("/counter/network/")), "h-forwarded")
    assert inbox.index(green_forwarded.number) < inbox.index(plain_forwarded.number)
    # the county's inbox: the escalated case is green through the town case it came from
    _plain_town, plain_county = escalated(net, name="普通上报")
    _green_town, green_county = escalated(net, name="残疾人上报", green="disabled")
    client.force_login(net.county_clerk)
    county_inbox = html(client.get("/counter/network/"))
    assert county_inbox.index(green_county.number) < county_inbox.index(plain_county.number)
    assert "绿色通道·残疾人" in county_inbox


def test_the_case_list_keeps_its_order_and_has_no_green_block_without_green_cases(net, client):
    first, second = accepted(net), accepted(net)
    client.force_login(net.clerk)
    page = html(client.get("/counter/cases/"))
    assert 'id="h-green"' not in page and page.index(second.number) < page.index(first.number)


# -------------------------------------------------------------------------------- query counts pinned

# Every page: session, user, staff, its org, groups (scoping), permissions (2; the nav asks them too), the
# nav's 网上预审 count and its unread notifications = 9 (each number below includes the unread count).
# 代办点台账 (agent Wang): + the stations he may read, the ledger's count and page, the two blocks, the
# calendar stamp (the town's calendar, once for every row) = 14.
# 代办件签收 (clerk Li): + the town's stations (scoping), the forwarded cases, the escalated ones with their
# county case, the calendar stamp of each center whose dates are shown (the town's, the county's) = 13.
# 上报件 (county clerk): + the inbox, the town cases it came from = 10.
# 上报件 (county admin): + the county's orgs (scoping), the inbox, the town cases, the calendar stamp for the
# next working day, the towns and their stations, the one aggregate of the counts = 14.
STATION_QUERIES = 15
TOWN_INBOX_QUERIES = 14
COUNTY_INBOX_QUERIES = 11
COUNTY_ADMIN_QUERIES = 15
# The case page: session, user, staff, its org, groups, the town's stations, the case (its station,
# authorisation and county case joined), materials, tasks, notices, events, uploads, the calendar stamp,
# permissions (2), the nav's count = 16; an accepted case: + the assign form's handlers = 17 (as before the
# network). An escalated town case: no assign form, + the stamp of the county's calendar for the county case's
# due date = 17. A county case opened by an escalation, accepted (county clerk, no stations to scope by):
# 17 - 1 + the town case(s) it came from = 17. Each + the 好差评 panel (feedback_tags.case_rating_panel): the
# case's ratings, the windows the clerk holds and the center's windows for 请评价 = 20; + the nav's unread
# notifications = 21; + the seal uses logged for the case and whether the reader keeps one of the center's seals
# (seals_case_panel) = 23 (the fees panel reads nothing for an item without a fee).
PLAIN_CASE_PAGE_QUERIES = 23
CASE_PAGE_QUERIES = 23
COUNTY_CASE_PAGE_QUERIES = 23


def network_cases(net: Any, n: int) -> None:
    """``n`` of each: at the station, forwarded, back with the agent, escalated (one accepted at the county)."""
    for _ in range(n):
        at_station(net)
        forwarded(net)
        with_agent(net)
        escalated(net)
    _town, county_case = escalated(net, green="urgent")
    actions.accept(county_case.number, actor=net.county_clerk)


@pytest.mark.parametrize(
    ("who", "url", "pinned"),
    [
        ("agent", "/counter/station/", STATION_QUERIES),
        ("clerk", "/counter/network/", TOWN_INBOX_QUERIES),
        ("county_clerk", "/counter/network/", COUNTY_INBOX_QUERIES),
        ("county_admin", "/counter/network/", COUNTY_ADMIN_QUERIES),
    ],
)
def test_network_page_queries_do_not_grow_with_the_cases(
    net, client, django_assert_num_queries, who, url, pinned
):
    client.force_login(getattr(net, who))
    network_cases(net, 1)
    client.get(url)  # warm the process's calendar cache, which is built once per process
    with django_assert_num_queries(pinned):
        html(client.get(url))
    network_cases(net, 4)
    with django_assert_num_queries(pinned):
        html(client.get(url))


def test_the_case_page_queries_stay_pinned_with_the_network_facts(net, client, django_assert_num_queries):
    for n in (1, 3):
        network_cases(net, n)
        town_case, county_case = escalated(net)
        actions.accept(county_case.number, actor=net.county_clerk)
        plain = accepted(net)
        for user, number, pinned in (
            (net.clerk, plain.number, PLAIN_CASE_PAGE_QUERIES),
            (net.clerk, town_case.number, CASE_PAGE_QUERIES),
            (net.county_clerk, county_case.number, COUNTY_CASE_PAGE_QUERIES),
        ):
            client.force_login(user)
            client.get(f"/counter/cases/{number}/")
            with django_assert_num_queries(pinned):
                html(client.get(f"/counter/cases/{number}/"))
