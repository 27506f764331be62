"""The three-level network: a villager's matter goes village → town → county and back, every hop signed for
and on time (seed 000 篇1 报送/回覆, 003 曾家镇全程代办制度, 004 沿湖社区 委托·受理·承办·回交)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from bianmin.cases import actions
from bianmin.cases.audit import verify_case
from bianmin.cases.deadlines import Deadlines, WarningLevel
from bianmin.cases.models import Case, CaseState, Channel, NoticeType, ProxyAuthorization
from bianmin.cases.selectors import case_details, visible_cases
from bianmin.cases.steps import Step
from bianmin.catalog.actions import enable_item
from bianmin.catalog.models import StationDelegation
from bianmin.conftest import OrgFactory, WindowFactory, at, make_staff, person, publish
from bianmin.demo.scans import demo_png
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Org, OrgKind
from bianmin.orgs.roles import Role

ALL = ["居民身份证", "户口簿", "家庭收入证明"]


@pytest.fixture
def net(world: Any) -> Any:
    """The world plus a county window and clerk, an item the county decides, a second station and agent."""
    world.county_mz = WindowFactory(org=world.county, code="MZ", name="民政", number=1)
    world.county_clerk = make_staff("xianli", world.county, Role.CLERK, "县窗口", {world.county_mz: "A"})
    world.special = publish(world.county, "MZ020", name="特困人员认定", decided_by="county")
    for item in (world.special, world.dibao):
        enable_item(item, world.town)
        enable_item(item, world.county)
    world.village2 = OrgFactory(
        kind=OrgKind.VILLAGE, parent=world.town, name="沙洲坝村便民服务站", code="360781100202"
    )
    world.agent2 = make_staff("liu", world.village2, Role.AGENT, "刘代办")
    return world


def _handed(*names: str) -> list[dict[str, Any]]:
    return [{"material": n, "originals": 1, "copies": 1, "pages": 2} for n in names]


def _reload(case: Case) -> Case:
    return Case.objects.select_related("org").get(pk=case.pk)


def test_a_proxy_matter_goes_village_town_county_and_back_on_time_in_every_ledger(net):
    """000 篇1 (受理 → 报送《报送聯繫單》→ 回覆), 003 曾家镇全程代办制度 四 (在中心运转时间一般不得超过7个工作日)
    and 五(一) (上报件告知书, 代办件交接表): each hop is an event, signed for, with its own due date."""
    w = net
    # 9-28: the agent of 燕子村 takes the villager's matter with a signed authorisation
    case = actions.register(
        actor=w.agent,
        item_code="MZ020",
        applicant=person(),
        authorization={"signed_on": dt.date(2026, 9, 28)},
        received_materials=["居民身份证", "户口簿"],
        now=at(2026, 9, 28, 9),
    ).case
    assert case.state == CaseState.AT_STATION and case.proxy and case.org == w.town
    assert case.station == w.village and case.channel == Channel.AGENT_STATION
    auth = ProxyAuthorization.objects.get(case=case)
    assert (auth.grantor_name, auth.agent, auth.signed_on) == ("张三", w.agent, dt.date(2026, 9, 28))

    # 9-29: forwarded with the hand-over slip; the 7-working-day leg crosses National Day (10-1…10-7 off,
    # Saturday 10-10 worked): 9-30, 10-8, 10-9, 10-10, 10-12, 10-13, 10-14
    out = actions.forward(
        case, actor=w.agent, handed_over=_handed("居民身份证", "户口簿"), now=at(2026, 9, 29, 9)
    )
    assert out.case.state == CaseState.FORWARDED and out.notice.type == NoticeType.HANDOVER
    assert out.case.proxy_days == 7 and out.case.proxy_due_date == dt.date(2026, 10, 14)
    assert [m["name"] for m in out.event.data["handed_over"]] == ["居民身份证", "户口簿"]
    assert "户口簿" in out.notice.html and "代办服务免费" in out.notice.html

    # the town's clerk signs for it; the missing income proof goes back by one-time notice
    signed = actions.receive(case.number, actor=w.clerk, now=at(2026, 9, 29, 15))
    assert signed.case.state == CaseState.SUBMITTED and signed.case.first_contact == w.clerk
    assert signed.event.data["missing"] == ["家庭收入证明"]
    told = actions.notify_missing(case.number, actor=w.clerk, now=at(2026, 9, 29, 15, 5))
    assert "家庭收入证明" in told.notice.html and w.agent.staff.name in told.notice.html
    actions.supplement(case.number, actor=w.clerk, materials=["家庭收入证明"], now=at(2026, 9, 30, 9))
    actions.accept(case.number, actor=w.clerk, now=at(2026, 9, 30, 9, 5))

    # 9-30: the county decides this item: escalated without a reason needed, two papers issued
    up = actions.escalate(case.number, actor=w.clerk, now=at(2026, 9, 30, 10))
    county_case = up.value
    assert up.case.state == CaseState.ESCALATED and up.case.upstream_case == county_case
    assert up.notice.type == NoticeType.ESCALATION and county_case.number in up.notice.html
    referral = up.case.notices.get(type=NoticeType.REFERRAL)
    assert up.event.data["referral"] == referral.number and "瑞金市政务服务中心" in referral.html
    assert county_case.org == w.county and county_case.channel == Channel.ESCALATION
    assert county_case.state == CaseState.SUBMITTED
    assert county_case.events.get().data["escalated_from"] == case.number
    assert all(m.received for m in county_case.materials.all() if m.mandatory)

    # the county accepts (after the holiday) and grants; the town's case takes the county's result
    actions.accept(county_case.number, actor=w.county_clerk, now=at(2026, 10, 8, 9))
    assert _reload(county_case).due_date is not None
    actions.assign(county_case.number, actor=w.county_clerk, handler=w.county_clerk, now=at(2026, 10, 8, 10))
    actions.conclude(county_case.number, actor=w.county_clerk, result="granted", now=at(2026, 10, 12, 10))
    town = _reload(case)
    assert town.state == CaseState.CONCLUDED and town.result == "granted"
    settled = town.events.get(type=Step.UPSTREAM_SETTLED)
    assert settled.data["upstream"] == county_case.number
    # the county held it 4 working days (10-8, 10-9, 10-10, 10-12): not counted against the proxy leg
    assert town.proxy_paused_days == 4 and town.proxy_due_date == dt.date(2026, 10, 20)

    # the town hands the result to the agent with a receipt; the agent to the villager
    back = actions.return_to_agent(case.number, actor=w.clerk, now=at(2026, 10, 13, 9))
    assert back.case.state == CaseState.WITH_AGENT and back.notice.type == NoticeType.RETURN_RECEIPT
    assert back.event.data["on_time"] is True
    done = actions.hand_back(case.number, actor=w.agent, received_by="张三", now=at(2026, 10, 14, 9))
    assert done.case.state == CaseState.DELIVERED and done.case.collected_by == "张三"

    # each ledger tells the whole story and verifies
    steps = list(town.events.order_by("seq").values_list("type", flat=True))
    assert steps == [
        Step.REGISTER,
        Step.FORWARD,
        Step.RECEIVE,
        Step.NOTIFY_MISSING,
        Step.SUPPLEMENT,
        Step.ACCEPT,
        Step.ESCALATE,
        Step.UPSTREAM_SETTLED,
        Step.RETURN_TO_AGENT,
        Step.HAND_BACK,
    ]
    assert verify_case(_reload(case)) == [] and verify_case(_reload(county_case)) == []


def test_the_proxy_leg_has_its_own_warning_level_beside_the_items(net):
    """003 曾家镇全程代办制度 四: 7 working days; warned at ≤ 1 left, carded when overdue."""
    case = actions.register(
        actor=net.agent,
        item_code="MZ001",
        applicant=person(),
        authorization={"signed_on": dt.date(2026, 9, 28)},
        now=at(2026, 9, 28, 9),
    ).case
    case = actions.forward(case, actor=net.agent, handed_over=_handed(*ALL), now=at(2026, 9, 29, 9)).case
    assert Deadlines(dt.date(2026, 10, 13)).proxy_level(case) == WarningLevel.WARNING
    assert Deadlines(dt.date(2026, 10, 15)).proxy_level(case) == WarningLevel.YELLOW
    late = actions.receive(case.number, actor=net.clerk, now=at(2026, 10, 15, 9)).case
    assert Deadlines(dt.date(2026, 10, 19)).proxy_level(late) == WarningLevel.RED


def test_without_an_authorisation_the_agent_only_helps_and_the_case_is_the_villagers_own(net):
    """000 篇1 服务原则 2: 当事人不願意授權委託的，應當提供幫辦服務."""
    case = actions.register(actor=net.agent, item_code="MZ001", applicant=person(), now=at(2026, 9, 28)).case
    assert case.state == CaseState.SUBMITTED and not case.proxy and case.station == net.village
    assert not ProxyAuthorization.objects.filter(case=case).exists()
    with pytest.raises(DomainError) as err:
        actions.forward(case, actor=net.agent, handed_over=_handed("户口簿"))
    assert err.value.code == "invalid_state"


def test_in_person_items_cannot_be_proxied(net):
    """000 篇1 服务原则 1: 結婚登記、離婚登記、收養登記…必須由當事人到場."""
    with pytest.raises(DomainError) as err:
        actions.register(
            actor=net.agent,
            item_code="MZ009",
            applicant=person(),
            authorization={"signed_on": dt.date(2026, 9, 28)},
            now=at(2026, 9, 28),
        )
    assert err.value.code == "in_person_required" and "本人" in str(err.value.message)
    assert not Case.objects.exists()


def test_an_authorisation_dated_in_the_future_or_given_at_the_town_is_refused(net):
    with pytest.raises(DomainError) as err:
        actions.register(
            actor=net.agent,
            item_code="MZ001",
            applicant=person(),
            authorization={"signed_on": "2026-10-01"},
            now=at(2026, 9, 28),
        )
    assert err.value.code == "invalid_authorization_date"
    with pytest.raises(DomainError) as err:
        actions.register(
            actor=net.clerk, item_code="MZ001", applicant=person(), authorization={"signed_on": "2026-09-28"}
        )
    assert err.value.code == "authorization_for_agents"
    assert not Case.objects.exists()


def test_each_hop_is_taken_only_by_whoever_holds_the_case(net):
    """004 第七条 委托、受理、承办、回交: the agent forwards and hands back; the town signs, decides and returns."""
    case = actions.register(
        actor=net.agent,
        item_code="MZ001",
        applicant=person(),
        authorization={"signed_on": dt.date(2026, 9, 28)},
        received_materials=ALL,
        now=at(2026, 9, 28, 9),
    ).case
    cases = [
        (
            lambda: actions.forward(case.number, actor=net.clerk, handed_over=_handed("户口簿")),
            "permission_denied",
        ),
        (lambda: actions.withdraw(case.number, actor=net.clerk, reason="不办了"), "not_station_agent"),
        (
            lambda: actions.forward(case.number, actor=net.agent2, handed_over=_handed("户口簿")),
            "case_not_found",
        ),
    ]
    for call, code in cases:
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.code == code
    actions.forward(case.number, actor=net.agent, handed_over=_handed(*ALL), now=at(2026, 9, 29))
    with pytest.raises(DomainError) as err:  # the agent cannot sign for the town
        actions.receive(case.number, actor=net.agent)
    assert err.value.code == "not_case_holder"
    actions.receive(case.number, actor=net.clerk, now=at(2026, 9, 29, 10))
    with pytest.raises(DomainError) as err:  # nor accept the town's case
        actions.accept(case.number, actor=net.agent)
    assert err.value.code == "not_case_holder"
    actions.accept(case.number, actor=net.clerk, now=at(2026, 9, 29, 11))
    actions.assign(case.number, actor=net.clerk, handler=net.handler, now=at(2026, 9, 29, 12))
    actions.conclude(case.number, actor=net.handler, result="granted", now=at(2026, 9, 30, 9))
    with pytest.raises(DomainError) as err:  # a proxy case's result goes back through the agent
        actions.deliver(case.number, actor=net.clerk, method="window", collected_by="张三")
    assert err.value.code == "deliver_via_agent"
    actions.return_to_agent(case.number, actor=net.clerk, now=at(2026, 9, 30, 10))
    with pytest.raises(DomainError) as err:
        actions.hand_back(case.number, actor=net.clerk, received_by="张三")
    assert err.value.code == "permission_denied"
    with pytest.raises(DomainError) as err:
        actions.hand_back(case.number, actor=net.agent, received_by=" ")
    assert err.value.code == "received_by_required"
    assert _reload(case).state == CaseState.WITH_AGENT


def test_who_sees_what_across_the_network(net):
    """A town never sees another town's cases nor the county's (only its escalations' results on its own
    case); an agent sees their station's cases only; county roles see every town's and station's."""
    case = actions.register(
        actor=net.agent,
        item_code="MZ020",
        applicant=person(),
        received_materials=ALL,
        now=at(2026, 9, 28, 9),
    ).case
    actions.accept(case.number, actor=net.clerk, now=at(2026, 9, 28, 10))
    county_case = actions.escalate(case.number, actor=net.clerk, now=at(2026, 9, 28, 11)).value
    assert set(visible_cases(net.clerk)) == {case}
    assert not visible_cases(net.clerk2).exists()
    assert set(visible_cases(net.agent)) == {case} and not visible_cases(net.agent2).exists()
    assert set(visible_cases(net.county_clerk)) == {county_case}
    assert set(visible_cases(net.county_admin)) == {case, county_case}
    # the town's page shows the county's case through the link, not by reading it
    assert case_details(net.clerk).get(pk=case.pk).upstream_case_id == county_case.pk


def test_the_county_may_return_an_escalation_and_the_town_case_goes_back_to_its_clerk(net):
    """002 上报件 / 退办: the county returns with its reason; the town's case is the town's again."""
    case = actions.register(
        actor=net.clerk, item_code="MZ001", applicant=person(), received_materials=ALL
    ).case
    actions.accept(case, actor=net.clerk)
    with pytest.raises(DomainError) as err:  # a town-decided item needs the clerk's reason
        actions.escalate(case.number, actor=net.clerk)
    assert err.value.code == "reason_required"
    county_case = actions.escalate(case.number, actor=net.clerk, reason="涉及跨县户籍，需县级核定").value
    with pytest.raises(DomainError) as err:  # the applicant's withdrawal is the county's to record now
        actions.withdraw(case.number, actor=net.clerk, reason="不办了")
    assert err.value.code == "withdraw_at_county"
    actions.return_escalation(county_case.number, actor=net.county_clerk, reason="乡镇可自行审批")
    town = _reload(case)
    assert town.state == CaseState.ACCEPTED and _reload(county_case).state == CaseState.RETURNED
    returned = town.events.get(type=Step.UPSTREAM_RETURNED)
    assert returned.data["reason"] == "乡镇可自行审批"
    assert verify_case(town) == [] and verify_case(_reload(county_case)) == []


def test_escalation_needs_the_item_at_the_county(net):
    actions_case = actions.register(
        actor=net.clerk, item_code="ZH001", applicant=person(), received_materials=ALL
    ).case
    with pytest.raises(DomainError) as err:
        actions.escalate(actions_case.number, actor=net.clerk, reason="需县级核定")
    assert err.value.code == "item_not_at_county"
    assert _reload(actions_case).state == CaseState.SUBMITTED
    assert not Case.objects.filter(org=net.county).exists()


def test_a_delegated_item_is_the_stations_own_case_in_its_own_ledger(net):
    """004 第三条(二): 接受乡镇委托，代乡镇便民服务中心受理、办理有关服务事项."""
    StationDelegation.objects.create(item=net.proof, org=net.town)  # all stations of 象湖镇
    case = actions.register(
        actor=net.agent, item_code="ZH001", applicant=person(), received_materials=ALL, now=at(2026, 9, 28, 9)
    ).case
    assert case.org == net.village and case.number.startswith(net.village.code)
    actions.accept(case, actor=net.agent, now=at(2026, 9, 28, 9, 5))
    done = actions.conclude(case.number, actor=net.agent, result="granted", now=at(2026, 9, 28, 9, 10))
    assert done.case.state == CaseState.CONCLUDED and done.notice.number.startswith(net.village.name)
    # the town oversees its stations' own cases but does not act on them
    assert visible_cases(net.clerk).filter(pk=case.pk).exists()
    with pytest.raises(DomainError) as err:
        actions.deliver(case.number, actor=net.clerk, method="window", collected_by="张三")
    assert err.value.code == "not_case_holder"
    # another town's stations are not delegated by this town's rule
    other = Org.objects.create(kind=OrgKind.VILLAGE, parent=net.town2, name="壬田村", code="360781101201")
    agent3 = make_staff("sun", other, Role.AGENT, "孙代办")
    case3 = actions.register(actor=agent3, item_code="ZH001", applicant=person(), now=at(2026, 9, 28)).case
    assert case3.org == net.town2


def test_the_green_channel_is_recorded_once(net):
    """000 篇8: 對羣眾急需辦理的服務事項，開闢綠色通道."""
    case = actions.register(
        actor=net.clerk, item_code="MZ001", applicant=person(), received_materials=ALL
    ).case
    out = actions.open_green_channel(case, actor=net.clerk, reason="elderly", note="八十岁独居老人")
    assert out.case.green_channel == "elderly" and out.event.type == Step.GREEN_CHANNEL
    with pytest.raises(DomainError) as err:
        actions.open_green_channel(case, actor=net.clerk, reason="urgent")
    assert err.value.code == "green_channel_open"
    # escalated, the matter stays in the green channel at the county (served first in its lists too)
    actions.accept(case, actor=net.clerk)
    county_case = actions.escalate(case.number, actor=net.clerk, reason="需县级核定").value
    assert county_case.green_channel == "elderly"


def _token(api: Any, user: Any) -> Any:
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return api


def test_the_network_over_the_api(net, api):
    """Issue 9 item 9: POST forward/, receive/, escalate/ (answering ``upstream_case``), return_to_agent/,
    hand_back/ with ``received_by``; every refusal a stable code in the case API's shape."""
    body = {
        "item": "MZ020",
        "applicant": person(),
        "authorization": {"signed_on": "2026-11-20"},
        "received_materials": ALL,
    }
    created = _token(api, net.agent).post("/api/v1/cases/", body, format="json")
    assert created.status_code == 201 and created.json()["state"] == "at_station" and created.json()["proxy"]
    number = created.json()["number"]
    url = f"/api/v1/cases/{number}"
    forwarded = api.post(f"{url}/forward/", {"handed_over": _handed(*ALL)}, format="json")
    assert forwarded.status_code == 200 and forwarded.json()["state"] == "forwarded"
    assert forwarded.json()["proxy_due_date"] and forwarded.json()["station"] == net.village.code
    refused = _token(api, net.clerk).post(
        f"{url}/forward/", {"handed_over": _handed("户口簿")}, format="json"
    )
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert api.post(f"{url}/receive/", {}, format="json").json()["state"] == "submitted"
    assert api.post(f"{url}/accept/", {}, format="json").status_code == 200
    escalated = api.post(f"{url}/escalate/", {}, format="json")
    upstream = escalated.json()["upstream_case"]
    assert escalated.status_code == 200 and escalated.json()["state"] == "escalated"
    assert upstream.startswith(net.county.code)
    # the town does not read the county's case; the county does
    assert api.get(f"/api/v1/cases/{upstream}/").status_code == 404
    county = _token(api, net.county_clerk)
    assert county.get(f"/api/v1/cases/{upstream}/").json()["channel"] == "escalation"
    county.post(f"/api/v1/cases/{upstream}/accept/", {}, format="json")
    county.post(f"/api/v1/cases/{upstream}/assign/", {"handler": "xianli"}, format="json")
    concluded = county.post(f"/api/v1/cases/{upstream}/conclude/", {"result": "granted"}, format="json")
    assert concluded.status_code == 200
    town = _token(api, net.clerk)
    delivered = town.post(f"{url}/deliver/", {"method": "window", "collected_by": "张三"}, format="json")
    assert delivered.status_code == 409 and delivered.json()["code"] == "deliver_via_agent"
    assert town.post(f"{url}/return_to_agent/", {}, format="json").json()["state"] == "with_agent"
    agent = _token(api, net.agent)
    blank = agent.post(f"{url}/hand_back/", {"received_by": "  "}, format="json")
    assert blank.status_code == 400 and blank.json()["code"] in {"received_by_required", "invalid"}
    handed = agent.post(f"{url}/hand_back/", {"received_by": "张三"}, format="json")
    assert handed.status_code == 200 and handed.json()["state"] == "delivered"
    assert handed.json()["collected_by"] == "张三" and handed.json()["delivery_method"] == "agent"


def test_the_signed_authorisation_is_kept_as_a_sniffed_attachment(net, settings, tmp_path):
    """Issue 9 item 1: the scanned signed form is an attachment, checked by content like any upload."""
    settings.MEDIA_ROOT = tmp_path
    scan = SimpleUploadedFile("委托书.png", demo_png(), content_type="image/png")
    case = actions.register(
        actor=net.agent,
        item_code="MZ001",
        applicant=person(),
        authorization={"signed_on": dt.date(2026, 9, 28), "scan": scan},
        now=at(2026, 9, 28),
    ).case
    kept = ProxyAuthorization.objects.get(case=case).scan
    assert kept is not None and kept.content_type == "image/png" and kept.material is None
    assert kept.file.read() == demo_png()
    text = SimpleUploadedFile("委托书.png", b"not an image at all", content_type="image/png")
    with pytest.raises(DomainError) as err:
        actions.register(
            actor=net.agent,
            item_code="MZ001",
            applicant=person(name="李四"),
            authorization={"signed_on": dt.date(2026, 9, 28), "scan": text},
            now=at(2026, 9, 28),
        )
    assert err.value.code == "file_type_not_allowed"
    assert Case.objects.count() == 1 and ProxyAuthorization.objects.count() == 1
