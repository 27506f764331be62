"""Every change of the assessment: tables (the seeds' and a director's new version), the monthly scoring,
manual entries and their approval. Each runs in a transaction and refuses with a ``DomainError``."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.lib.errors import DomainError, require_permission
from bianmin.lib.periods import month_end, month_start
from bianmin.orgs.models import Org, Staff, WindowPost
from bianmin.performance import rules_seed, sources
from bianmin.performance.models import EntryStatus, Rule, RuleTable, Scope, ScoreEntry, Source, TableKind
from bianmin.performance.selectors import scope_org_ids, table_in_force

SEED_VALID_FROM = dt.date(2020, 1, 1)


def _check_scope(actor: Any, org_id: int) -> None:
    if actor is not None and not actor.is_superuser and org_id not in scope_org_ids(actor):
        raise DomainError("not_found", _("该中心不在您的管理范围内"), kind="not_found")


# ---------------------------------------------------------------------------------------------- tables


def ensure_seed_tables(rule_table: Any = RuleTable, rule: Any = Rule) -> list[Any]:
    """The county-wide 003 曾家镇 points table (default) and 太湖乡 fines table (a template a center adopts);
    idempotent. Also called by the data migration with its historical models."""
    base = Decimal(getattr(settings, "PERFORMANCE_BASE_POINTS", 100))
    tables = []
    for name, kind, rows, default, text, table_base in (
        (rules_seed.ZENGJIA_NAME, "points", rules_seed.ZENGJIA_RULES, True, "003 曾家镇", base),
        (
            rules_seed.TAIHU_NAME,
            "fines",
            rules_seed.TAIHU_RULES,
            False,
            "003 太湖乡 第十八–二十一条",
            Decimal(0),
        ),
    ):
        table, _created = rule_table.objects.get_or_create(
            org=None,
            kind=kind,
            name=name,
            version=1,
            defaults={
                "valid_from": SEED_VALID_FROM,
                "applies_by_default": default,
                "base": table_base,
                "source_text": text,
            },
        )
        for position, (code, description, article, amount, source, scope, bars) in enumerate(rows):
            rule.objects.get_or_create(
                table=table,
                code=code,
                defaults={
                    "description": description,
                    "article": article,
                    "amount": amount,
                    "source": source,
                    "scope": scope,
                    "bars_awards": bars,
                    "position": position,
                },
            )
        tables.append(table)
    return tables


def _amount(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError("bad_amount", _("分值或金额不是数字")) from None
    if not amount.is_finite() or abs(amount) > 1000:
        raise DomainError("bad_amount", _("分值或金额不是数字"))
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def new_version(
    *,
    actor: Any,
    org: Org,
    kind: str,
    valid_from: dt.date,
    changes: Mapping[str, Any],
    today: dt.date,
    base_table: RuleTable | None = None,
) -> RuleTable:
    """A director's edit: a new version of the table in force for ``org`` from ``valid_from`` (a month not
    yet past), with ``changes`` {rule code: new amount}. Months before keep the version they were scored by."""
    require_permission(actor, "performance.edit_ruletable", _("只有中心主任可以修改考核细则"))
    _check_scope(actor, org.pk)
    if kind not in TableKind.values:
        raise DomainError("bad_kind", _("考核细则类型无效"))
    valid_from = month_start(valid_from)
    if valid_from < month_start(today):
        raise DomainError("past_month", _("考核细则只能从本月或以后的月份起修改"))
    current = base_table or table_in_force(org, kind, valid_from)
    if current is None:
        raise DomainError("no_table", _("没有可修改的考核细则"), kind="not_found")
    rules = list(current.rules.order_by("position", "pk"))
    known = {r.code for r in rules}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise DomainError("unknown_rule", _("考核条目不存在:%(codes)s") % {"codes": ", ".join(unknown)})
    latest = (
        RuleTable.objects.select_for_update()
        .filter(org=org, kind=kind, name=current.name)
        .order_by("-version")
        .first()
    )
    if latest is not None and latest.valid_from >= valid_from:
        raise DomainError("version_exists", _("该月份已有更新的考核细则版本"), kind="conflict")
    table = RuleTable.objects.create(
        org=org,
        kind=kind,
        name=current.name,
        version=(latest.version + 1) if latest else current.version + 1,
        valid_from=valid_from,
        applies_by_default=True,
        base=current.base,
        source_text=current.source_text,
        created_by=actor,
    )
    Rule.objects.bulk_create(
        Rule(
            table=table,
            code=r.code,
            description=r.description,
            article=r.article,
            amount=_amount(changes[r.code]) if r.code in changes else r.amount,
            source=r.source,
            scope=r.scope,
            bars_awards=r.bars_awards,
            position=r.position,
        )
        for r in rules
    )
    return table


# --------------------------------------------------------------------------------------------- scoring


def _a_windows(org_ids: Iterable[int]) -> dict[int, int]:
    """User id → the window where they hold the A post (their own window for the window ranking)."""
    rows = (
        WindowPost.objects.filter(staff__org_id__in=list(org_ids), post="A")
        .order_by("window__number", "pk")
        .values_list("staff__user_id", "window_id")
    )
    out: dict[int, int] = {}
    for user_id, window_id in rows:
        out.setdefault(user_id, window_id)
    return out


def score_month(
    org: Org,
    month: dt.date,
    *,
    now: dt.datetime,
    attendance: sources.SourceFn | None = None,
    extra_sources: Iterable[sources.SourceFn] | None = None,
) -> int:
    """Write the automatic entries of ``org``'s ``month`` from every source, by each table in force then;
    idempotent (an entry already written for a source and rule is kept). Returns the number written."""
    first, last = month_start(month), month_end(month)
    period = (first, last)
    org_ids = [org.pk]
    other = list(sources.OTHER_SOURCES if extra_sources is None else extra_sources)
    users_here = set(Staff.objects.filter(org_id=org.pk).values_list("user_id", flat=True))
    a_window = _a_windows(org_ids)
    written = 0
    for kind in TableKind.values:
        table = table_in_force(org, kind, first)
        if table is None:
            continue
        rules = {r.code: r for r in table.rules.all()}
        if attendance is not None:
            facts = attendance(org_ids, period)
        else:
            facts = sources.attendance_facts(org_ids, period, table_kind=kind, now=now)
        for fn in other:
            facts += fn(org_ids, period)
        existing = set(
            ScoreEntry.objects.filter(table=table, month=first).values_list("source_key", "rule_id")
        )
        new = []
        for fact in facts:
            rule = rules.get(fact.rule_code)
            if rule is None or (fact.user_id is None and fact.window_id is None):
                continue
            if fact.user_id is not None and fact.user_id not in users_here:
                continue
            if (fact.source_key, rule.pk) in existing:
                continue
            existing.add((fact.source_key, rule.pk))
            window_id = fact.window_id if rule.scope == Scope.WINDOW_AND_PERSON else None
            window_id = window_id or a_window.get(fact.user_id or 0) or fact.window_id
            new.append(
                ScoreEntry(
                    table=table,
                    rule=rule,
                    org=org,
                    user_id=fact.user_id,
                    window_id=window_id,
                    day=fact.day,
                    month=first,
                    amount=rule.amount * fact.times,
                    source=fact.source,
                    source_key=fact.source_key,
                    status=EntryStatus.APPROVED,
                    created_at=now,
                )
            )
        with transaction.atomic():
            ScoreEntry.objects.bulk_create(new, ignore_conflicts=True)
        written += len(new)
    return written


# ---------------------------------------------------------------------------------------------- manual


def record_manual(
    *,
    actor: Any,
    org: Org,
    staff: Staff,
    rule_code: str,
    day: dt.date,
    evidence: str,
    now: dt.datetime,
    kind: str = TableKind.POINTS,
) -> ScoreEntry:
    """A manual entry (e.g. games at work, praise by a city inspection) with its evidence; it counts only
    once the director approves it."""
    require_permission(actor, "performance.record_manual_score", _("您没有登记考核记分的权限"))
    _check_scope(actor, org.pk)
    if staff.org_id != org.pk:
        raise DomainError("staff_not_here", _("该工作人员不属于本中心"))
    evidence = (evidence or "").strip()
    if not evidence:
        raise DomainError("evidence_required", _("请填写事实依据"))
    if len(evidence) > 1000:
        raise DomainError("evidence_too_long", _("事实依据不能超过1000字"))
    if day > timezone.localtime(now).date():
        raise DomainError("future_day", _("不能登记未来日期的记分"))
    table = table_in_force(org, kind, month_start(day))
    if table is None:
        raise DomainError("no_table", _("没有适用的考核细则"), kind="not_found")
    rule = table.rules.filter(code=rule_code).first()
    if rule is None:
        raise DomainError("unknown_rule", _("考核条目不存在:%(codes)s") % {"codes": rule_code})
    window_id = _a_windows([org.pk]).get(staff.user_id)
    try:
        with transaction.atomic():
            return ScoreEntry.objects.create(
                table=table,
                rule=rule,
                org=org,
                user_id=staff.user_id,
                window_id=window_id,
                day=day,
                month=month_start(day),
                amount=rule.amount,
                source=Source.MANUAL,
                source_key=f"manual:{uuid.uuid4().hex}",
                evidence=evidence,
                status=EntryStatus.PENDING,
                created_by=actor,
                created_at=now,
            )
    except IntegrityError:  # pragma: no cover - a uuid collision
        raise DomainError("duplicate", _("该记分已登记"), kind="conflict") from None


@transaction.atomic
def decide(*, actor: Any, entry_id: int, approve: bool, note: str = "", now: dt.datetime) -> ScoreEntry:
    """The director approves (认定) or refuses a pending manual entry; a decided one is not decided again."""
    require_permission(actor, "performance.decide_score", _("只有中心主任可以审核考核记分"))
    entry = ScoreEntry.objects.select_for_update().filter(pk=entry_id).first()
    if entry is None:
        raise DomainError("not_found", _("考核记分不存在"), kind="not_found")
    _check_scope(actor, entry.org_id)
    if entry.status != EntryStatus.PENDING:
        raise DomainError("already_decided", _("该记分已审核"), kind="conflict")
    if entry.user_id == actor.pk:
        raise DomainError("own_entry", _("不能审核本人的记分"), kind="forbidden")
    entry.status = EntryStatus.APPROVED if approve else EntryStatus.REFUSED
    entry.decided_by = actor
    entry.decided_at = now
    entry.decision_note = (note or "").strip()[:300]
    entry.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return entry
