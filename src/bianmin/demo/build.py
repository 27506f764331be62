"""Build the demo network: a county center, two town centers, four village stations, staff and the catalog.

``build_demo`` is idempotent. Every row is found by a stable key (org code, window code, username, item code)
and only written when its demo values differ, an item is republished only when its content changed, and an
existing account keeps its password, so running the demo twice (or after a code update) creates nothing new.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models

from bianmin.catalog.actions import MATERIAL_FIELDS, VERSION_FIELDS, enable_item, publish_item
from bianmin.catalog.models import Material, ServiceItem, ServiceItemVersion
from bianmin.demo.catalog_data import ITEMS, WINDOWS
from bianmin.demo.network import build_network_catalog
from bianmin.orgs.models import OfficeHours, Org, OrgKind, Staff, Whereabouts, Window, WindowPost
from bianmin.orgs.roles import Role, ensure_roles

DEMO_PASSWORD = "bianmin-demo"
COUNTY_CODE = "360781"
TOWN_CODES = ("360781100", "360781101")

# ---------------------------------------------------------------------------------------------- orgs

ORGS: list[dict[str, Any]] = [
    {
        "code": COUNTY_CODE,
        "parent": None,
        "kind": OrgKind.COUNTY,
        "name": "瑞金市政务服务中心",
        "short_name": "市政务中心",
        "address": "江西省瑞金市象湖镇红都大道政务服务大楼",
        "phone": "0797-2520100",
        "supervision_phone": "12345",
        "market_days": [],
    },
    {
        "code": "360781100",
        "parent": COUNTY_CODE,
        "kind": OrgKind.TOWN,
        "name": "象湖镇便民服务中心",
        "short_name": "象湖镇",
        "address": "瑞金市象湖镇人民政府一楼便民服务大厅",
        "phone": "0797-2520110",
        "supervision_phone": "0797-2520119",
        # 逢圩日 (market days): the hall is busiest on these days, so extra staff are rostered.
        "market_days": [5, 15, 25],
    },
    {
        "code": "360781101",
        "parent": COUNTY_CODE,
        "kind": OrgKind.TOWN,
        "name": "壬田镇便民服务中心",
        "short_name": "壬田镇",
        "address": "瑞金市壬田镇圩镇中心街镇政府便民服务大厅",
        "phone": "0797-2520120",
        "supervision_phone": "0797-2520129",
        "market_days": [1, 11, 21],
    },
    {
        "code": "360781100201",
        "parent": "360781100",
        "kind": OrgKind.VILLAGE,
        "name": "象湖镇下坪村便民服务站",
        "short_name": "下坪村",
        "address": "象湖镇下坪村村民委员会",
        "phone": "0797-2520111",
        "supervision_phone": "0797-2520119",
        "market_days": [],
    },
    {
        "code": "360781100202",
        "parent": "360781100",
        "kind": OrgKind.VILLAGE,
        "name": "象湖镇赖公村便民服务站",
        "short_name": "赖公村",
        "address": "象湖镇赖公村村民委员会",
        "phone": "0797-2520112",
        "supervision_phone": "0797-2520119",
        "market_days": [],
    },
    {
        "code": "360781101201",
        "parent": "360781101",
        "kind": OrgKind.VILLAGE,
        "name": "壬田镇凤岗村便民服务站",
        "short_name": "凤岗村",
        "address": "壬田镇凤岗村村民委员会",
        "phone": "0797-2520121",
        "supervision_phone": "0797-2520129",
        "market_days": [],
    },
    {
        "code": "360781101202",
        "parent": "360781101",
        "kind": OrgKind.VILLAGE,
        "name": "壬田镇中潭村便民服务站",
        "short_name": "中潭村",
        "address": "壬田镇中潭村村民委员会",
        "phone": "0797-2520122",
        "supervision_phone": "0797-2520129",
        "market_days": [],
    },
]

# The seeds' working hours (曾家镇 第九条): 8:00-12:00 and 14:30-17:30, afternoons until 18:00 from May to
# September. Every center and station gets both schedules; the seasonal one wins inside its season.
OFFICE_HOURS: list[dict[str, Any]] = [
    {
        "name": "全年作息",
        "season_start": "",
        "season_end": "",
        "morning_start": dt.time(8, 0),
        "morning_end": dt.time(12, 0),
        "afternoon_start": dt.time(14, 30),
        "afternoon_end": dt.time(17, 30),
    },
    {
        "name": "夏季作息",
        "season_start": "05-01",
        "season_end": "09-30",
        "morning_start": dt.time(8, 0),
        "morning_end": dt.time(12, 0),
        "afternoon_start": dt.time(14, 30),
        "afternoon_end": dt.time(18, 0),
    },
]

# ---------------------------------------------------------------------------------------------- people


@dataclass(frozen=True)
class Person:
    """One staff member; ``posts`` are (window code, "A"/"B") at their own org (AB岗)."""

    username: str
    org: str
    name: str
    position: str
    phone: str
    roles: tuple[str, ...]
    posts: tuple[tuple[str, str], ...] = ()
    whereabouts: str = Whereabouts.ON_DUTY
    whereabouts_note: str = ""
    is_staff: bool = False
    demo_login: bool = False  # listed in the printed table and given the demo password


def _person(
    username: str, org: str, name: str, position: str, phone: str, roles: str, posts: str = "", **extra: Any
) -> Person:
    """A compact row: ``roles`` like "clerk handler", ``posts`` like "MZ:B LB:A"."""
    return Person(
        username,
        org,
        name,
        position,
        phone,
        tuple(roles.split()),
        tuple(tuple(p.split(":")) for p in posts.split()),  # type: ignore[misc]
        **extra,
    )


_XH, _RT = TOWN_CODES
_CLERK = "clerk handler"  # window staff register cases and also handle them (承办)
_OUT, _MEETING, _LEAVE = Whereabouts.OUT, Whereabouts.MEETING, Whereabouts.ON_LEAVE

# Phone numbers use the unallocated 100 prefix so no real person is ever called from the demo.
# Each town window has exactly one A post and at least one B post; people cover a neighbouring window as B.
# fmt: off
PEOPLE: list[Person] = [
    # --- the demo accounts (演示账号) ---
    _person("clerk", _XH, "钟晓燕", "民政办科员", "10079710001", _CLERK, "MZ:A", demo_login=True),
    _person("handler", _XH, "刘建华", "劳动保障事务所所长", "10079710002", "handler", "MZ:B LB:A",
            demo_login=True),
    _person("leader", _XH, "杨国平", "副镇长（带班领导）", "10079710003", "duty_leader", demo_login=True),
    _person("director", _XH, "谢文斌", "党政办主任、便民服务中心主任", "10079710004", "director",
            is_staff=True, demo_login=True),
    _person("supervisor", _XH, "曾丽萍", "镇纪委副书记", "10079710005", "supervisor", demo_login=True),
    _person("clerk2", _RT, "谢小红", "民政办科员", "10079720001", _CLERK, "MZ:A", demo_login=True),
    _person("agent", "360781100201", "杨春生", "村委会副主任、便民代办员", "10079710201", "agent",
            demo_login=True),
    _person("county", COUNTY_CODE, "钟建国", "政务服务中心管理办副主任", "10079700001", "county_admin",
            is_staff=True, demo_login=True),
    # --- 象湖镇 ---
    _person("xianghu01", _XH, "黄淑芬", "卫生健康办主任", "10079710011", _CLERK, "JS:A NY:B"),
    _person("xianghu02", _XH, "赖春梅", "卫生健康办科员", "10079710012", _CLERK, "JS:B"),
    _person("xianghu03", _XH, "温志强", "医疗保障所工作人员", "10079710013", _CLERK, "NY:A NZ:B"),
    _person("xianghu04", _XH, "罗小琴", "社保所科员", "10079710014", _CLERK, "LB:B ZH:A"),
    _person("xianghu05", _XH, "朱永福", "自然资源所所长", "10079710015", _CLERK, "GT:A LY:B"),
    _person("xianghu06", _XH, "邱海涛", "林业工作站站长", "10079710016", _CLERK, "LY:A GT:B",
            whereabouts=_OUT, whereabouts_note="赴下坪村林区现场核查采伐"),
    _person("xianghu07", _XH, "陈金生", "农业综合服务中心主任", "10079710017", _CLERK, "NZ:A"),
    _person("xianghu08", _XH, "赖振华", "司法所所长", "10079710018", _CLERK, "SF:A",
            whereabouts=_MEETING, whereabouts_note="参加市司法局业务培训"),
    _person("xianghu09", _XH, "杨美玲", "综治中心专干", "10079710019", _CLERK, "SF:B ZH:B"),
    _person("xianghu10", "360781100202", "钟福元", "村会计、便民代办员", "10079710202", "agent"),
    # --- 壬田镇 ---
    _person("rentian01", _RT, "钟伟东", "民政办主任", "10079720011", _CLERK, "MZ:B SF:B"),
    _person("rentian02", _RT, "刘桂英", "卫生健康办主任", "10079720012", _CLERK, "JS:A"),
    _person("rentian03", _RT, "曾宪明", "医疗保障所工作人员", "10079720013", _CLERK, "NY:A JS:B"),
    _person("rentian04", _RT, "黄志勇", "劳动保障事务所所长", "10079720014", _CLERK, "LB:A NY:B"),
    _person("rentian05", _RT, "杨秀兰", "社保所科员", "10079720015", _CLERK, "ZH:A LB:B"),
    _person("rentian06", _RT, "陈德胜", "自然资源所所长", "10079720016", _CLERK, "GT:A NZ:B"),
    _person("rentian07", _RT, "朱林生", "林业工作站站长", "10079720017", _CLERK, "LY:A GT:B",
            whereabouts=_OUT, whereabouts_note="森林防火巡查"),
    _person("rentian08", _RT, "赖明辉", "农技站站长", "10079720018", _CLERK, "NZ:A LY:B"),
    _person("rentian09", _RT, "温建平", "司法所所长", "10079720019", _CLERK, "SF:A ZH:B"),
    _person("rentian10", _RT, "邱振兴", "党政办主任、便民服务中心主任", "10079720020", "director"),
    _person("rentian11", "360781101201", "罗冬梅", "村妇女主任、便民代办员", "10079720201", "agent"),
    _person("rentian12", "360781101202", "谢德福", "村委会主任、便民代办员", "10079720202", "agent",
            whereabouts=_LEAVE, whereabouts_note="病假，由村会计临时代班"),
    # --- 瑞金市政务服务中心 ---
    _person("county01", COUNTY_CODE, "赖小平", "综合受理窗口工作人员", "10079700002", _CLERK),
    _person("county02", COUNTY_CODE, "谢雨婷", "电子监察室科员", "10079700003", "supervisor"),
    _person("county03", COUNTY_CODE, "刘志明", "政务服务中心主任", "10079700004", "director"),
]
# fmt: on


# ---------------------------------------------------------------------------------------------- helpers

# Chinese names of the counted rows, for the command's summary line.
COUNT_LABELS = {
    "orgs": "组织",
    "office_hours": "工作时间",
    "windows": "窗口",
    "users": "账号",
    "staff": "工作人员",
    "window_posts": "窗口岗位",
    "item_versions": "事项版本",
    "enabled_items": "启用事项",
    "network_catalog": "县级启用及委托代办点的事项",
}


@dataclass
class Tally:
    """What one run did: rows created and rows changed, per kind of row."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, created: bool, changed: bool) -> None:
        if created:
            self.created[what] = self.created.get(what, 0) + 1
        elif changed:
            self.updated[what] = self.updated.get(what, 0) + 1


def _sync(
    model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[Any, bool, bool]:
    """Get or create a row by ``lookup`` and bring ``values`` up to date, saving only when one differs.

    Saving only on a real difference keeps a second run from touching rows at all (no needless writes,
    no signals, no updated timestamps).
    """
    obj, created = model._default_manager.get_or_create(**lookup, defaults=values)
    if created:
        return obj, True, False
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save()
    return obj, False, bool(changed)


class Writer(Protocol):
    """Anything with ``write(str)``: sys.stdout, StringIO, a command's OutputWrapper."""

    def write(self, text: str) -> Any: ...


def _default(model: type[models.Model], name: str) -> Any:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field.get_default()


def _normalise_value(name: str, value: Any) -> Any:
    # Decimal("80.00") and 80 are the same fee; compare them as numbers.
    if name == "fee":
        return Decimal(str(value))
    return value


def _wanted_content(entry: dict[str, Any]) -> tuple[dict[str, Any], list[tuple], list[tuple]]:
    given = entry["data"]
    data = {f: _normalise_value(f, given.get(f, _default(ServiceItemVersion, f))) for f in VERSION_FIELDS}
    material_defaults = {f: _default(Material, f) for f in MATERIAL_FIELDS}
    materials = [tuple(m.get(f, material_defaults[f]) for f in MATERIAL_FIELDS) for m in entry["materials"]]
    participants = sorted((p["window_code"], p.get("task", ""), p["days"]) for p in entry["participants"])
    return data, materials, participants


def _current_content(version: ServiceItemVersion) -> tuple[dict[str, Any], list[tuple], list[tuple]]:
    data = {f: _normalise_value(f, getattr(version, f)) for f in VERSION_FIELDS}
    materials = [
        tuple(getattr(m, f) for f in MATERIAL_FIELDS) for m in version.materials.order_by("position", "id")
    ]
    participants = sorted(version.participants.values_list("window_code", "task", "days"))
    return data, materials, participants


def _display_width(text: str) -> int:
    # Chinese characters take two columns in a terminal; pad by display width so the table lines up.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _display_width(text))


# ---------------------------------------------------------------------------------------------- build


def _build_orgs(tally: Tally) -> dict[str, Org]:
    orgs: dict[str, Org] = {}
    for spec in ORGS:  # parents come before their children in ORGS
        values = {k: v for k, v in spec.items() if k not in {"code", "parent"}}
        values["parent"] = orgs[spec["parent"]] if spec["parent"] else None
        org, created, changed = _sync(Org, {"code": spec["code"]}, values)
        tally.count("orgs", created, changed)
        orgs[org.code] = org
        for hours in OFFICE_HOURS:
            values = {k: v for k, v in hours.items() if k != "name"}
            _obj, created, changed = _sync(OfficeHours, {"org": org, "name": hours["name"]}, values)
            tally.count("office_hours", created, changed)
    return orgs


def _build_windows(orgs: dict[str, Org], tally: Tally) -> dict[tuple[str, str], Window]:
    windows: dict[tuple[str, str], Window] = {}
    for town_code in TOWN_CODES:
        for number, (code, name, departments) in enumerate(WINDOWS, start=1):
            values = {"name": name, "number": number, "departments": departments, "active": True}
            window, created, changed = _sync(Window, {"org": orgs[town_code], "code": code}, values)
            tally.count("windows", created, changed)
            windows[(town_code, code)] = window
    return windows


def _build_people(orgs: dict[str, Org], windows: dict[tuple[str, str], Window], tally: Tally) -> None:
    user_model = get_user_model()
    groups = {role: Group.objects.get(name=role) for role in Role.values}
    for person in PEOPLE:
        user, created = user_model.objects.get_or_create(
            username=person.username, defaults={"is_staff": person.is_staff, "is_active": True}
        )
        if created:
            # Only a new account gets a password: a second run must not undo a password someone changed.
            # The other demo staff fill the rosters; only the listed demo accounts can log in.
            if person.demo_login:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
        changed = not created and user.is_staff != person.is_staff
        if changed:
            user.is_staff = person.is_staff
            user.save(update_fields=["is_staff"])
        tally.count("users", created, changed)
        # add() skips existing memberships; other groups given by an administrator are left alone.
        user.groups.add(*(groups[role] for role in person.roles))

        staff_values = {
            "org": orgs[person.org],
            "name": person.name,
            "position": person.position,
            "phone": person.phone,
            "whereabouts": person.whereabouts,
            "whereabouts_note": person.whereabouts_note,
        }
        staff, created, changed = _sync(Staff, {"user": user}, staff_values)
        tally.count("staff", created, changed)
        for window_code, post in person.posts:
            window = windows[(person.org, window_code)]
            _post, created, changed = _sync(WindowPost, {"staff": staff, "window": window}, {"post": post})
            tally.count("window_posts", created, changed)


def _build_catalog(orgs: dict[str, Org], tally: Tally) -> None:
    county = orgs[COUNTY_CODE]
    towns = [orgs[code] for code in TOWN_CODES]
    town_windows = {town.pk: set(town.windows.values_list("code", flat=True)) for town in towns}
    for entry in ITEMS:
        item = ServiceItem.objects.filter(code=entry["code"]).select_related("current").first()
        wanted = _wanted_content(entry)
        # Compare before publishing: a new version is only for a real change, so cases keep their version
        # and a second run adds no versions.
        if item is None or item.current is None or _current_content(item.current) != wanted:
            publish_item(
                owner=county,
                code=entry["code"],
                data=entry["data"],
                materials=entry["materials"],
                participants=entry["participants"],
                change_note="演示数据" if item is None else "演示数据更新",
            )
            tally.count("item_versions", True, False)
            item = ServiceItem.objects.get(code=entry["code"])
        enabled = set(item.enabled_at.values_list("pk", flat=True))
        for town in towns:
            if town.pk not in enabled and set(entry["data"]["window_codes"]) <= town_windows[town.pk]:
                enable_item(item, town)
                tally.count("enabled_items", True, False)
    for _row in range(build_network_catalog(county, towns)):
        tally.count("network_catalog", True, False)


def build_demo(stdout: Writer | None = None) -> dict[str, Any]:
    """Create or refresh the demo network and return counts; print the demo accounts to ``stdout``.

    Call it inside a transaction (the ``demo`` command does) so a failure leaves no half-built demo.
    """
    ensure_roles()
    tally = Tally()
    orgs = _build_orgs(tally)
    windows = _build_windows(orgs, tally)
    _build_people(orgs, windows, tally)
    _build_catalog(orgs, tally)

    county = orgs[COUNTY_CODE]
    result = {
        "orgs": Org.objects.filter(path__startswith=county.path).count(),
        "windows": Window.objects.filter(org__path__startswith=county.path).count(),
        "staff": Staff.objects.filter(org__path__startswith=county.path).count(),
        "window_posts": WindowPost.objects.filter(window__org__path__startswith=county.path).count(),
        "items": ServiceItem.objects.filter(owner=county).count(),
        "created": dict(sorted(tally.created.items())),
        "updated": dict(sorted(tally.updated.items())),
    }
    if stdout is not None:
        print_accounts(stdout, orgs)
    return result


def demo_accounts(orgs: dict[str, Org] | None = None) -> list[dict[str, str]]:
    """The demo logins as rows: username, role (Chinese), org name, password."""
    names = {o.code: o.name for o in (orgs.values() if orgs is not None else Org.objects.all())}
    return [
        {
            "username": p.username,
            "role": "、".join(str(Role(r).label) for r in p.roles),
            "org": names.get(p.org, p.org),
            "password": DEMO_PASSWORD,
        }
        for p in PEOPLE
        if p.demo_login
    ]


def print_accounts(stdout: Writer, orgs: dict[str, Org] | None = None) -> None:
    rows = demo_accounts(orgs)
    headers = {"username": "用户名", "role": "角色", "org": "所在单位", "password": "密码"}
    widths = {k: max(_display_width(h), *(_display_width(r[k]) for r in rows)) for k, h in headers.items()}
    stdout.write("演示账号：\n")
    stdout.write("  ".join(_pad(h, widths[k]) for k, h in headers.items()).rstrip() + "\n")
    stdout.write("  ".join("-" * widths[k] for k in headers) + "\n")
    for row in rows:
        stdout.write("  ".join(_pad(row[k], widths[k]) for k in headers).rstrip() + "\n")
    stdout.write(
        "注意：以上为演示账号，所有人共用同一密码。用于生产环境前，务必修改这些账号的密码或停用这些账号。\n"
    )
