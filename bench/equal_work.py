"""One case life of eight steps, written twice: through the actions, and as the same statements in plain SQL.

The life: register with one mandatory material missing → one-time notice (一次性告知) → supplement → accept →
assign → conclude → deliver → archive. The plain-SQL life is the floor the actions stand on: step by step it
sends the statements the actions send — the row lock (``SELECT … FOR UPDATE``) first, the numbering counters'
upserts, the notices with their full HTML and SHA-256, the materials, the events with real chain hashes, the
case row written back — and nothing else: no ORM, no checks, no templates. The ratio between the two is what
the actions cost on top of the database work they cannot avoid.

``bench/test_equal_work.py`` keeps both at the same number of statements per step: when the actions change
what they send, the test fails until this file sends the same again.

Django must be set up before anything here is called.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

STEPS = (
    "register",
    "notify_missing",
    "supplement",
    "accept",
    "assign",
    "conclude",
    "deliver",
    "archive",
)
ITEM_CODE = "BENCH1"
MISSING = "致困原因证明材料"  # mandatory, brought only after the one-time notice
APPLICANT = {
    "kind": "person",
    "name": "张三",
    "id_number": "11010519491231002X",
    "phone": "13907971234",
    "address": "瑞金市象湖镇红都大道 18 号",
}
NOTICE_PREFIX = {"one_time": "告", "acceptance": "受", "conclusion": "结"}

Step = Callable[[str], AbstractContextManager[Any]]


def no_step(name: str) -> AbstractContextManager[Any]:
    return nullcontext()


def received_at_registration(world: Any) -> list[str]:
    return [m["name"] for m in world.snapshot["materials"] if m["name"] != MISSING]


def action_life(world: Any, step: Step = no_step) -> str:
    """The eight steps through ``bianmin.cases.actions``; answers the case number.

    Actions answer either the case or an outcome carrying it (``.case``); both are accepted."""
    from bianmin.cases import actions

    user = world.user

    def case_of(result: Any) -> Any:
        return result.case if hasattr(result, "case") else result

    with step("register"):
        c = case_of(
            actions.register(
                actor=user,
                item_code=ITEM_CODE,
                applicant=APPLICANT,
                received_materials=received_at_registration(world),
            )
        )
    with step("notify_missing"):
        actions.notify_missing(c, actor=user)
    with step("supplement"):
        actions.supplement(c, actor=user, materials=[MISSING])
    with step("accept"):
        actions.accept(c, actor=user)
    with step("assign"):
        actions.assign(c, actor=user, handler=user)
    with step("conclude"):
        actions.conclude(c, actor=user, result="granted", certificate_name="临时救助金发放通知")
    with step("deliver"):
        actions.deliver(c, actor=user, method="window", collected_by=APPLICANT["name"])
    with step("archive"):
        actions.archive(c, actor=user)
    return str(c.number)


def _is_transaction_control(sql: str) -> bool:
    head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
    return head in {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def statements_per_step(life: Callable[[Step], Any]) -> dict[str, int]:
    """Statements each step sends (transaction control left out), captured as Django's test tools do."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts: dict[str, int] = {}

    @contextmanager
    def step(name: str) -> Iterator[None]:
        with CaptureQueriesContext(connection) as ctx:
            yield
        counts[name] = sum(1 for q in ctx.captured_queries if not _is_transaction_control(q["sql"]))

    life(step)
    return counts


class _Table:
    """A table's columns in model order, their defaults, and an INSERT for them (read once from the model)."""

    def __init__(self, model: Any, postgres: bool) -> None:
        self.name = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.columns = [f.column for f in fields]
        self.json = {f.column for f in fields if f.get_internal_type() == "JSONField"}
        marks = ["%s::jsonb" if postgres and c in self.json else "%s" for c in self.columns]
        self.values = "(" + ", ".join(marks) + ")"
        self.defaults: dict[str, Any] = {}
        for f in fields:
            default = f.get_default()
            self.defaults[f.column] = json.dumps(default) if f.column in self.json else default
        self.assignments = ", ".join(f'"{c}" = {m}' for c, m in zip(self.columns, marks, strict=True))

    def insert(self, rows: int = 1) -> str:
        columns = ", ".join(f'"{c}"' for c in self.columns)
        return (
            f'INSERT INTO "{self.name}" ({columns}) VALUES {", ".join([self.values] * rows)} RETURNING "id"'
        )

    def params(self, values: dict[str, Any]) -> list[Any]:
        return [values[c] if c in values else self.defaults[c] for c in self.columns]


class SqlLife:
    """The same life as plain SQL. Its notices' HTML is taken from the newest notices the actions issued (one
    life through the actions first when there are none), so its notices are the same size."""

    def __init__(self, world: Any) -> None:
        from django.db import connection

        from bianmin.cases.models import Case, CaseEvent, CaseMaterial, Counter, Notice

        self.postgres = connection.vendor == "postgresql"
        self.lock = ' FOR UPDATE OF "cases_case"' if self.postgres else ""
        self.world = world
        self.org = world.town
        self.org_title = self.org.short_name or self.org.name
        self.user_id = world.user.pk
        self.staff_id = world.user.staff.pk
        self.actor_name = world.user.staff.name
        self.window_codes = list(world.snapshot["window_codes"])
        self.case = _Table(Case, self.postgres)
        self.case_select = ", ".join(f'"cases_case"."{c}"' for c in ["id", *self.case.columns])
        self.material = _Table(CaseMaterial, self.postgres)
        self.event = _Table(CaseEvent, self.postgres)
        self.notice = _Table(Notice, self.postgres)
        self.counter_upsert = (
            f'INSERT INTO "{Counter._meta.db_table}" (key, value) VALUES (%s, 1) ON CONFLICT (key) DO UPDATE'
            f' SET value = "{Counter._meta.db_table}".value + 1 RETURNING value'
        )
        samples = {}
        for attempt in (1, 2):
            for notice_type in NOTICE_PREFIX:
                sample = (
                    Notice.objects.filter(type=notice_type).select_related("case").order_by("-id").first()
                )
                if sample is not None:
                    samples[notice_type] = (sample.html, sample.case.number, sample.number)
            if len(samples) == len(NOTICE_PREFIX) or attempt == 2:
                break
            action_life(world)  # no notices of the item's kinds yet: have the actions issue a set
        self.templates = samples

    # --------------------------------------------------------------------------------------- statements

    def _now(self) -> tuple[dt.datetime, Any]:
        from django.db import connection
        from django.utils import timezone

        now = timezone.now()
        return now, connection.ops.adapt_datetimefield_value(now)

    def _lock(self, c: Any, number: str) -> dict[str, Any]:
        c.execute(
            f'SELECT {self.case_select}, "orgs_org".* FROM "cases_case" INNER JOIN "orgs_org"'
            ' ON "cases_case"."org_id" = "orgs_org"."id" WHERE "cases_case"."number" = %s'
            ' ORDER BY "cases_case"."registered_at" DESC LIMIT 1' + self.lock,
            [number],
        )
        values = c.fetchone()
        return dict(zip(["id", *self.case.columns], values[: len(self.case.columns) + 1], strict=True))

    def _materials(self, c: Any, case_id: int) -> list[dict[str, Any]]:
        c.execute(
            'SELECT "cases_casematerial".* FROM "cases_casematerial" INNER JOIN "cases_case"'
            ' ON "cases_casematerial"."case_id" = "cases_case"."id" WHERE "cases_casematerial"."case_id" = %s'
            ' ORDER BY "cases_case"."registered_at" DESC, "cases_casematerial"."position" ASC,'
            ' "cases_casematerial"."id" ASC',
            [case_id],
        )
        names = [d[0] for d in c.description]
        return [dict(zip(names, r, strict=True)) for r in c.fetchall()]

    def _next(self, c: Any, key: str) -> int:
        c.execute(self.counter_upsert, [key])
        return int(c.fetchone()[0])

    def _event(
        self,
        c: Any,
        row: dict[str, Any],
        type: str,
        at: tuple[dt.datetime, Any],
        to: str,
        data: dict[str, Any],
        from_state: str | None = None,
    ) -> None:
        from bianmin.lib.hashchain import GENESIS, link_hash

        seq = row["event_count"] + 1
        prev = row["last_hash"] or GENESIS
        payload = {
            "case": row["number"],
            "seq": seq,
            "type": type,
            "actor": self.user_id,
            "at": at[0].astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "from": row["state"] if from_state is None else from_state,
            "to": to,
            "data": data,
        }
        digest = link_hash(prev, payload)
        c.execute(
            self.event.insert(),
            self.event.params(
                {
                    "case_id": row["id"],
                    "org_id": self.org.pk,
                    "seq": seq,
                    "type": type,
                    "actor_id": self.user_id,
                    "actor_name": self.actor_name,
                    "at": at[1],
                    "from_state": payload["from"],
                    "to_state": to,
                    "data": json.dumps(data),
                    "prev_hash": prev,
                    "hash": digest,
                }
            ),
        )
        c.fetchone()
        row.update(event_count=seq, last_hash=digest)

    def _notice(
        self, c: Any, row: dict[str, Any], type: str, at: tuple[dt.datetime, Any], data: dict[str, Any]
    ) -> tuple[int, str]:
        from django.utils import timezone

        year = timezone.localtime(at[0]).year
        seq = self._next(c, f"notice:{self.org.code}:{type}:{year}")
        number = f"{self.org_title}{NOTICE_PREFIX[type]}〔{year}〕{seq:04d}号"
        html, old_case, old_number = self.templates[type]
        html = html.replace(old_case, row["number"]).replace(old_number, number)
        c.execute(
            self.notice.insert(),
            self.notice.params(
                {
                    "case_id": row["id"],
                    "org_id": self.org.pk,
                    "type": type,
                    "year": year,
                    "seq": seq,
                    "number": number,
                    "issued_at": at[1],
                    "issued_by_id": self.user_id,
                    "data": json.dumps(data),
                    "html": html,
                    "sha256": hashlib.sha256(html.encode()).hexdigest(),
                }
            ),
        )
        return int(c.fetchone()[0]), number

    def _update(self, c: Any, row: dict[str, Any], **changed: Any) -> None:
        """The changed columns and the chain's tail written back, as the actions save a case."""
        row.update(changed)
        columns = [*changed, "event_count", "last_hash"]
        assignments = ", ".join(f'"{col}" = %s' for col in columns)
        c.execute(
            f'UPDATE "cases_case" SET {assignments} WHERE "cases_case"."id" = %s',
            [*(row[col] for col in columns), row["id"]],
        )

    # -------------------------------------------------------------------------------------------- steps

    def register(self) -> str:
        from django.db import connection, transaction
        from django.utils import timezone

        at = self._now()
        day = timezone.localdate(at[0])
        with transaction.atomic(), connection.cursor() as c:
            c.execute(
                'SELECT "catalog_serviceitem".*, "catalog_serviceitemversion".* FROM "catalog_serviceitem"'
                ' LEFT OUTER JOIN "catalog_serviceitemversion"'
                ' ON "catalog_serviceitem"."current_id" = "catalog_serviceitemversion"."id"'
                ' WHERE "catalog_serviceitem"."active" AND "catalog_serviceitem"."code" = %s'
                ' ORDER BY "catalog_serviceitem"."code" ASC LIMIT 1',
                [ITEM_CODE],
            )
            item = c.fetchone()
            names = [d[0] for d in c.description]
            item_id, version_id = item[0], item[names.index("current_id")]
            c.execute(
                'SELECT 1 AS "a" FROM "orgs_org" INNER JOIN "catalog_serviceitem_enabled_at"'
                ' ON "orgs_org"."id" = "catalog_serviceitem_enabled_at"."org_id"'
                ' WHERE "catalog_serviceitem_enabled_at"."serviceitem_id" = %s AND "orgs_org"."id" = %s LIMIT 1',
                [item_id, self.org.pk],
            )
            c.fetchone()
            seq = self._next(c, f"case:{self.org.code}:{day:%Y%m%d}")
            number = f"{self.org.code}{day:%Y%m%d}{seq:04d}"
            codes = ", ".join(["%s"] * len(self.window_codes))
            c.execute(
                'SELECT "orgs_window".*, COUNT("orgs_windowpost"."id") FILTER (WHERE "orgs_windowpost"."staff_id" = %s)'
                ' AS "mine" FROM "orgs_window" LEFT OUTER JOIN "orgs_windowpost"'
                ' ON "orgs_window"."id" = "orgs_windowpost"."window_id"'
                f' WHERE "orgs_window"."active" AND "orgs_window"."code" IN ({codes}) AND "orgs_window"."org_id" = %s'
                ' GROUP BY "orgs_window"."id" ORDER BY "mine" DESC, "orgs_window"."number" ASC LIMIT 1',
                [self.staff_id, *self.window_codes, self.org.pk],
            )
            window_id = c.fetchone()[0]
            snapshot = self.world.snapshot
            row: dict[str, Any] = {
                "org_id": self.org.pk,
                "number": number,
                "query_code": f"{secrets.randbelow(1_000_000):06d}",
                "item_id": item_id,
                "item_version_id": version_id,
                "item_snapshot": json.dumps(snapshot),
                "kind": snapshot["kind"],
                "channel": "window",
                "state": "submitted",
                "applicant_kind": APPLICANT["kind"],
                "applicant_name": APPLICANT["name"],
                "applicant_id_type": "resident_id",
                "applicant_id_number": APPLICANT["id_number"],
                "applicant_phone": APPLICANT["phone"],
                "applicant_address": APPLICANT["address"],
                "first_contact_id": self.user_id,
                "registered_by_id": self.user_id,
                "window_id": window_id,
                "registered_at": at[1],
            }
            c.execute(self.case.insert(), self.case.params(row))
            row["id"] = c.fetchone()[0]
            materials = []
            for position, m in enumerate(snapshot["materials"], start=1):
                got = m["name"] != MISSING
                materials.append(
                    self.material.params(
                        {
                            "case_id": row["id"],
                            "material_id": m["id"],
                            "position": position,
                            "name": m["name"],
                            "mandatory": m["mandatory"],
                            "originals": m["originals"],
                            "copies": m["copies"],
                            "note": m["note"],
                            "received": got,
                            "received_original": got and m["originals"] > 0,
                            "received_copies": m["copies"] if got else 0,
                            "received_at": at[1] if got else None,
                        }
                    )
                )
            c.execute(self.material.insert(len(materials)), [v for params in materials for v in params])
            c.fetchall()
            row.update(event_count=0, last_hash="")
            received = [m["name"] for m in snapshot["materials"] if m["name"] != MISSING]
            data = {
                "channel": "window",
                "item": ITEM_CODE,
                "version": snapshot["version"],
                "received": received,
                "station": "",
                "uploads": [],
            }
            self._event(c, row, "register", at, "submitted", data, from_state="")
            c.execute(
                'UPDATE "cases_case" SET "event_count" = %s, "last_hash" = %s WHERE "cases_case"."id" = %s',
                [row["event_count"], row["last_hash"], row["id"]],
            )
        return number

    def notify_missing(self, number: str) -> None:
        from django.db import connection, transaction
        from django.utils import timezone

        at = self._now()
        with transaction.atomic(), connection.cursor() as c:
            row = self._lock(c, number)
            missing = [m for m in self._materials(c, row["id"]) if m["mandatory"] and not m["received"]]
            c.execute(  # an earlier one-time notice of this case (a second one must not ask for more)
                'SELECT * FROM "cases_notice" WHERE "cases_notice"."case_id" = %s AND "cases_notice"."type" = %s'
                ' ORDER BY "cases_notice"."issued_at" ASC, "cases_notice"."id" ASC LIMIT 1',
                [row["id"], "one_time"],
            )
            c.fetchone()
            listed = [
                {
                    "id": m["material_id"],
                    "name": m["name"],
                    "originals": m["originals"],
                    "copies": m["copies"],
                    "note": m["note"],
                }
                for m in missing
            ]
            data = {
                "missing": listed,
                "registered_on": str(timezone.localdate(at[0])),
                "clerk": self.actor_name,
            }
            _, notice_number = self._notice(c, row, "one_time", at, data)
            event = {"notice": notice_number, "missing": [m["name"] for m in missing]}
            self._event(c, row, "notify_missing", at, "supplementing", event)
            self._update(c, row, state="supplementing")

    def supplement(self, number: str) -> None:
        from django.db import connection, transaction

        at = self._now()
        with transaction.atomic(), connection.cursor() as c:
            row = self._lock(c, number)
            materials = self._materials(c, row["id"])
            brought = [m for m in materials if m["name"] == MISSING]
            marks = ", ".join(["%s"] * len(brought))
            c.execute(
                'UPDATE "cases_casematerial" SET "received" = %s, "received_original" = %s,'
                f' "received_copies" = "copies", "received_at" = %s WHERE "cases_casematerial"."id" IN ({marks})',
                [True, True, at[1], *(m["id"] for m in brought)],
            )
            got = {m["id"] for m in brought}
            still = [
                m["name"] for m in materials if m["mandatory"] and not m["received"] and m["id"] not in got
            ]
            data = {"received": [m["name"] for m in brought], "still_missing": still}
            self._event(c, row, "supplement", at, "submitted", data)
            self._update(c, row, state="submitted")

    def accept(self, number: str) -> None:
        from django.db import connection, transaction
        from django.utils import timezone

        from bianmin.workdays.services import add_workdays

        at = self._now()
        today = timezone.localdate(at[0])
        with transaction.atomic(), connection.cursor() as c:
            row = self._lock(c, number)
            materials = self._materials(c, row["id"])
            snapshot = self.world.snapshot
            days = snapshot["promised_days"] or snapshot["statutory_days"]
            due = add_workdays(today, days, self.org.region_code)
            notice_data = {
                "registered_on": str(today),
                "accepted_on": str(today),
                "deemed": False,
                "days": days,
                "due_date": str(due.date),
                "provisional": due.provisional,
                "materials": [m["name"] for m in materials],
            }
            _, notice_number = self._notice(c, row, "acceptance", at, notice_data)
            event = {
                "due_date": str(due.date),
                "days": days,
                "deemed_accepted_on": "",
                "provisional": due.provisional,
                "notice": notice_number,
            }
            self._event(c, row, "accept", at, "accepted", event)
            self._update(
                c,
                row,
                state="accepted",
                accepted_by_id=self.user_id,
                accepted_at=at[1],
                accepted_on=today,
                base_days=days,
                due_date=due.date,
            )

    def assign(self, number: str) -> None:
        from django.db import connection, transaction

        at = self._now()
        with transaction.atomic(), connection.cursor() as c:
            row = self._lock(c, number)
            data = {"handler": self.world.user.get_username(), "handler_name": self.actor_name}
            self._event(c, row, "assign", at, "in_progress", data)
            self._update(c, row, state="in_progress", handler_id=self.user_id)

    def conclude(self, number: str) -> None:
        from django.db import connection, transaction
        from django.utils import timezone

        at = self._now()
        with transaction.atomic(), connection.cursor() as c:
            row = self._lock(c, number)
            c.execute(  # joint tasks still open (none for a promised item)
                'SELECT "cases_jointtask".* FROM "cases_jointtask" INNER JOIN "cases_case"'
                ' ON "cases_jointtask"."case_id" = "cases_case"."id" WHERE "cases_jointtask"."case_id" IN (%s)'
                ' ORDER BY "cases_case"."registered_at" DESC, "cases_jointtask"."id" ASC',
                [row["id"]],
            )
            c.fetchall()
            notice_data = {
                "result": "granted",
                "result_label": "准予",
                "reason": "",
                "concluded_on": str(timezone.localdate(at[0])),
                "due_date": str(row["due_date"]),
                "certificate_name": "临时救助金发放通知",
                "certificate_number": "",
            }
            _, notice_number = self._notice(c, row, "conclusion", at, notice_data)
            event = {
                "result": "granted",
                "reason": "",
                "late": False,
                "notice": notice_number,
                "certificate": "",
            }
            self._event(c, row, "conclude", at, "concluded", event)
            self._update(
                c,
                row,
                state="concluded",
                concluded_at=at[1],
                result="granted",
                certificate_name="临时救助金发放通知",
            )

    def deliver(self, number: str) -> None:
        from django.db import connection, transaction

        at = self._now()
        with transaction.atomic(), connection.cursor() as c:
            row = self._lock(c, number)
            data = {"method": "window", "collected_by": APPLICANT["name"]}
            self._event(c, row, "deliver", at, "delivered", data)
            self._update(
                c,
                row,
                state="delivered",
                delivered_at=at[1],
                delivery_method="window",
                collected_by=APPLICANT["name"],
            )

    def archive(self, number: str) -> None:
        from django.db import connection, transaction

        at = self._now()
        with transaction.atomic(), connection.cursor() as c:
            row = self._lock(c, number)
            self._event(c, row, "archive", at, "archived", {})
            self._update(c, row, state="archived", archived_at=at[1])

    def life(self, step: Step = no_step) -> str:
        with step("register"):
            number = self.register()
        for name in STEPS[1:]:
            with step(name):
                getattr(self, name)(number)
        return number
