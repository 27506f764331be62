"""The working-day calendar as the rest of Bianmin uses it: built from the database, cached per process.

Every deadline computation in a request goes through here, so the calendars are cached in-process and only
a cheap stamp query (row count + latest ``updated_at``) decides, at most every
``BIANMIN["CALENDAR_RECHECK_SECONDS"]`` seconds, whether an override was added, changed or deleted by
another process. A stamp is always read *before* the rows it guards, so a cached calendar is never older
than its stamp.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
from dataclasses import dataclass, field
from typing import IO, Any, NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bianmin.lib.errors import DomainError
from bianmin.lib.text import join_clauses, join_names
from bianmin.workdays.calendar import FIRST_DAY, LAST_DAY, DueDate, Override, WorkCalendar
from bianmin.workdays.models import REGION_CODE_PATTERN, CalendarOverride, OverrideKind

__all__ = [
    "DueDate",
    "ImportResult",
    "RowError",
    "add_workdays",
    "get_calendar",
    "import_overrides_csv",
    "invalidate_calendar_cache",
    "is_workday",
    "normalize_region",
    "workdays_between",
]

_NATIONAL = ""


# --- calendar cache -------------------------------------------------------------------------------------


@dataclass
class _Snapshot:
    stamp: tuple[int, dt.datetime | None]
    checked_at: float
    regions: frozenset[str]
    calendars: dict[str, WorkCalendar] = field(default_factory=dict)


# Replaced, never mutated in place except for adding calendars: a thread still holding an old snapshot
# can only ever fill the old one, so it cannot put stale calendars into a fresh snapshot. No lock: at
# worst two threads build the same calendar once (a millisecond).
_snapshot: _Snapshot | None = None


def invalidate_calendar_cache() -> None:
    """Forget every cached calendar; the next lookup re-reads the overrides."""
    global _snapshot
    _snapshot = None


def _recheck_seconds() -> float:
    return float(settings.BIANMIN.get("CALENDAR_RECHECK_SECONDS", 5))


def _read_stamp() -> tuple[int, dt.datetime | None]:
    # Count catches deletes, max(updated_at) catches inserts and edits (auto_now).
    stamp = CalendarOverride.objects.aggregate(rows=Count("pk"), latest=Max("updated_at"))
    return stamp["rows"], stamp["latest"]


def _current_snapshot() -> _Snapshot:
    global _snapshot
    snapshot = _snapshot
    # Elapsed process time, not a domain date: monotonic cannot jump with the wall clock.
    now = time.monotonic()
    if snapshot is not None and now - snapshot.checked_at < _recheck_seconds():
        return snapshot
    stamp = _read_stamp()
    if snapshot is not None and snapshot.stamp == stamp:
        snapshot.checked_at = now
        return snapshot
    regions = frozenset(
        CalendarOverride.objects.exclude(region_code=_NATIONAL)
        .values_list("region_code", flat=True)
        .distinct()
    )
    snapshot = _Snapshot(stamp=stamp, checked_at=now, regions=regions)
    _snapshot = snapshot
    return snapshot


def _build_calendar(region: str) -> WorkCalendar:
    codes = [_NATIONAL, region] if region else [_NATIONAL]
    rows = CalendarOverride.objects.filter(
        region_code__in=codes, date__range=(FIRST_DAY, LAST_DAY)
    ).values_list("date", "kind", "name", "region_code")
    by_date: dict[dt.date, Override] = {}
    # National rows first, so the county's own row for the same date replaces them.
    for day, kind, name, _code in sorted(rows, key=lambda row: row[3] != _NATIONAL):
        by_date[day] = Override(day, kind == OverrideKind.WORKDAY, name)
    return WorkCalendar(by_date.values())


def normalize_region(region: str | None) -> str:
    """The region code as cached and stored: "" for national, else exactly six ASCII digits."""
    if region is None:
        return _NATIONAL
    region = region.strip()
    if region and not re.fullmatch(REGION_CODE_PATTERN, region):
        raise DomainError("invalid_region", _("行政区划代码应为 6 位数字"), region=region)
    return region


def get_calendar(region: str | None = None) -> WorkCalendar:
    """The calendar for a county (national rows plus the county's own), or the national one for None."""
    key = normalize_region(region)
    snapshot = _current_snapshot()
    if key and key not in snapshot.regions:
        # Share the national calendar: caching one per code ever asked for would let any caller of the
        # public API grow this process's memory without bound.
        key = _NATIONAL
    calendar = snapshot.calendars.get(key)
    if calendar is None:
        calendar = snapshot.calendars[key] = _build_calendar(key)
    return calendar


def is_workday(day: dt.date, region: str | None = None) -> bool:
    return get_calendar(region).is_workday(day)


def add_workdays(start: dt.date, n: int, region: str | None = None) -> DueDate:
    """The n-th working day after ``start`` (start not counted); see ``WorkCalendar.add_workdays``."""
    return get_calendar(region).add_workdays(start, n)


def workdays_between(start: dt.date, end: dt.date, region: str | None = None) -> int:
    return get_calendar(region).workdays_between(start, end)


# --- CSV import -----------------------------------------------------------------------------------------

_REQUIRED_COLUMNS = ("date", "kind", "name")
_OPTIONAL_COLUMNS = ("region_code", "note")
_KINDS = {
    "workday": OverrideKind.WORKDAY,
    "上班": OverrideKind.WORKDAY,
    "holiday": OverrideKind.HOLIDAY,
    "放假": OverrideKind.HOLIDAY,
}
# Excel re-saves ISO dates as 2026/10/1, so that form is accepted too.
_DATE_RE = re.compile(r"([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})")
_NAME_MAX = CalendarOverride._meta.get_field("name").max_length or 64


class RowError(NamedTuple):
    line: int
    message: str


@dataclass(frozen=True)
class ImportResult:
    """Counts of an import. ``errors`` is always empty here: any bad row raises and nothing is written."""

    created: int
    updated: int
    errors: tuple[RowError, ...] = ()
    unchanged: int = 0


class _Row(NamedTuple):
    line: int
    date: dt.date
    kind: str
    name: str
    region_code: str
    note: str


def _invalid(errors: list[RowError]) -> DomainError:
    lines = join_names(error.line for error in errors)
    return DomainError(
        "calendar_csv_invalid",
        _("CSV 第 %(lines)s 行有误，未导入任何数据。") % {"lines": lines},
        errors=[{"line": error.line, "error": error.message} for error in errors],
    )


def _decode(data: str | bytes) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel on Chinese Windows saves "CSV (逗号分隔)" in GBK.
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise _invalid([RowError(1, str(_("文件编码无法识别，请保存为 UTF-8 编码的 CSV")))]) from None


def _parse_date(value: str) -> dt.date | None:
    match = _DATE_RE.fullmatch(value)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _parse_row(line: int, record: dict[str | None, Any]) -> tuple[_Row | None, list[str]]:
    problems: list[str] = []
    if record.get(None):
        problems.append(str(_("列数多于表头")))

    def cell(column: str) -> str:
        return (record.get(column) or "").strip()

    raw_date = cell("date")
    day = _parse_date(raw_date)
    if day is None:
        problems.append(str(_("日期“%(value)s”无效，应为 YYYY-MM-DD") % {"value": raw_date}))
    elif not FIRST_DAY <= day <= LAST_DAY:
        problems.append(
            str(
                _("日期 %(value)s 超出日历范围 %(first)s 至 %(last)s")
                % {"value": raw_date, "first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
            )
        )
    raw_kind = cell("kind")
    kind = _KINDS.get(raw_kind.lower())
    if kind is None:
        problems.append(
            str(_("类型“%(value)s”无效，应为 workday/holiday 或 上班/放假") % {"value": raw_kind})
        )
    name = cell("name")
    if not name:
        problems.append(str(_("名称不能为空")))
    elif len(name) > _NAME_MAX:
        problems.append(str(_("名称不能超过 %(max)d 个字") % {"max": _NAME_MAX}))
    region_code = cell("region_code")
    if region_code and not re.fullmatch(REGION_CODE_PATTERN, region_code):
        problems.append(str(_("行政区划代码“%(value)s”应为 6 位数字或留空") % {"value": region_code}))
    if problems or day is None or kind is None:
        return None, problems
    return _Row(line, day, kind, name, region_code, cell("note")), []


def _read_rows(file_like: IO[str] | IO[bytes]) -> list[_Row]:
    reader = csv.DictReader(io.StringIO(_decode(file_like.read())))
    columns = [(column or "").strip().lower() for column in reader.fieldnames or []]
    missing = [column for column in _REQUIRED_COLUMNS if column not in columns]
    unknown = [column for column in columns if column not in _REQUIRED_COLUMNS + _OPTIONAL_COLUMNS]
    if missing or unknown or len(set(columns)) != len(columns):
        message = _(
            "表头应为 date,kind,name,region_code,note（缺少：%(missing)s；无法识别：%(unknown)s）"
        ) % {
            "missing": ",".join(missing) or "-",
            "unknown": ",".join(unknown) or "-",
        }
        raise _invalid([RowError(1, str(message))])
    reader.fieldnames = columns

    rows: list[_Row] = []
    errors: list[RowError] = []
    first_line_of: dict[tuple[dt.date, str], int] = {}
    for record in reader:
        line = reader.line_num
        if not any((value or "").strip() for value in record.values() if isinstance(value, str)):
            continue  # spreadsheets leave rows of bare commas at the end
        row, problems = _parse_row(line, record)
        if row is not None:
            key = (row.date, row.region_code)
            if key in first_line_of:
                problems.append(str(_("与第 %(line)d 行的日期和地区重复") % {"line": first_line_of[key]}))
            else:
                first_line_of[key] = line
                rows.append(row)
        if problems:
            errors.append(RowError(line, join_clauses(problems)))
    if errors:
        raise _invalid(errors)
    return rows


def import_overrides_csv(file_like: IO[str] | IO[bytes]) -> ImportResult:
    """Upsert overrides from a CSV with header ``date,kind,name,region_code,note``, all or nothing.

    Every row is validated before anything is written; a single bad row raises
    ``DomainError("calendar_csv_invalid")`` whose message lists the bad line numbers and whose
    ``data["errors"]`` holds ``{"line", "error"}`` for each. Rows equal to what is stored are left alone.
    """
    rows = _read_rows(file_like)
    if not rows:
        return ImportResult(created=0, updated=0)
    now = timezone.now()
    to_write: list[CalendarOverride] = []
    created = updated = unchanged = 0
    with transaction.atomic():
        existing = {
            (override.date, override.region_code): override
            for override in CalendarOverride.objects.select_for_update().filter(
                date__range=(min(row.date for row in rows), max(row.date for row in rows))
            )
        }
        for row in rows:
            current = existing.get((row.date, row.region_code))
            if current is None:
                created += 1
            elif (current.kind, current.name, current.note) == (row.kind, row.name, row.note):
                unchanged += 1
                continue
            else:
                updated += 1
            to_write.append(
                CalendarOverride(
                    date=row.date,
                    kind=row.kind,
                    name=row.name,
                    region_code=row.region_code,
                    note=row.note,
                    created_at=now,
                    updated_at=now,
                )
            )
        # An upsert rather than insert + update: a row another import creates meanwhile is then
        # overwritten instead of failing the whole file on the unique constraint.
        CalendarOverride.objects.bulk_create(
            to_write,
            update_conflicts=True,
            unique_fields=["date", "region_code"],
            update_fields=["kind", "name", "note", "updated_at"],
        )
    invalidate_calendar_cache()
    return ImportResult(created=created, updated=updated, unchanged=unchanged)
