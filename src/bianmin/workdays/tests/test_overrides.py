"""Overrides stored in the database (调休/节假日调整): per-county calendars, the cache, CSV import."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from pytest_django.fixtures import Settings as SettingsFixture

from bianmin.lib.errors import DomainError
from bianmin.workdays import services
from bianmin.workdays.models import CalendarOverride, OverrideKind

D = dt.date
COUNTY = "360781"
OTHER_COUNTY = "360782"
TUESDAY = D(2026, 3, 3)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    services.invalidate_calendar_cache()
    yield
    services.invalidate_calendar_cache()


def _override(day: dt.date, kind: str, name: str, region_code: str = "") -> CalendarOverride:
    return CalendarOverride.objects.create(date=day, kind=kind, name=name, region_code=region_code)


# --- per-county and national overrides ---


def test_a_county_holiday_changes_that_county_only() -> None:
    # given a county ethnic holiday on an ordinary Tuesday
    assert services.is_workday(TUESDAY, COUNTY)
    _override(TUESDAY, OverrideKind.HOLIDAY, "民族节日", COUNTY)
    # then that county is closed, while the country and the neighbouring county work
    assert not services.is_workday(TUESDAY, COUNTY)
    assert services.is_workday(TUESDAY)
    assert services.is_workday(TUESDAY, OTHER_COUNTY)
    # and limits in that county flow around the day
    assert services.add_workdays(D(2026, 3, 2), 1, COUNTY).date == D(2026, 3, 4)
    assert services.add_workdays(D(2026, 3, 2), 1).date == D(2026, 3, 3)
    assert services.workdays_between(D(2026, 3, 2), D(2026, 3, 6), COUNTY) == 3
    assert services.workdays_between(D(2026, 3, 2), D(2026, 3, 6)) == 4


def test_a_national_override_changes_every_county() -> None:
    # given a national day off entered after the bundled calendar was published
    _override(TUESDAY, OverrideKind.HOLIDAY, "临时调整")
    # then it applies nationally and in every county
    assert not services.is_workday(TUESDAY)
    assert not services.is_workday(TUESDAY, COUNTY)
    assert not services.is_workday(TUESDAY, OTHER_COUNTY)


def test_the_county_row_wins_over_the_national_row_on_the_same_date() -> None:
    # given a national day off, but the county keeps working that day
    _override(TUESDAY, OverrideKind.HOLIDAY, "全国放假")
    _override(TUESDAY, OverrideKind.WORKDAY, "本县照常上班", COUNTY)
    # then the county works, the country does not
    assert services.is_workday(TUESDAY, COUNTY)
    assert not services.is_workday(TUESDAY)


def test_a_new_override_is_seen_immediately() -> None:
    # given the calendar is already cached (test settings recheck every call)
    assert services.is_workday(D(2026, 10, 10))
    # when a clerk records that 10-10 is a day off after all
    _override(D(2026, 10, 10), OverrideKind.HOLIDAY, "更正")
    # then the next question sees it, without anyone invalidating the cache
    assert not services.is_workday(D(2026, 10, 10))


def test_edits_and_deletes_are_seen_immediately() -> None:
    override = _override(TUESDAY, OverrideKind.HOLIDAY, "民族节日", COUNTY)
    assert not services.is_workday(TUESDAY, COUNTY)
    override.kind = OverrideKind.WORKDAY
    override.save()
    assert services.is_workday(TUESDAY, COUNTY)
    override.delete()
    assert services.is_workday(TUESDAY, COUNTY)


def test_the_cache_is_trusted_until_the_recheck_interval(settings: SettingsFixture) -> None:
    # given a long recheck interval and a cached calendar
    settings.BIANMIN = {**settings.BIANMIN, "CALENDAR_RECHECK_SECONDS": 3600}
    assert services.is_workday(TUESDAY)
    # when an override is written behind the cache's back
    _override(TUESDAY, OverrideKind.HOLIDAY, "临时调整")
    # then the cached answer stands until the cache is invalidated
    assert services.is_workday(TUESDAY)
    services.invalidate_calendar_cache()
    assert not services.is_workday(TUESDAY)


def test_counties_without_overrides_share_the_national_calendar() -> None:
    assert services.get_calendar("110101") is services.get_calendar(None)


def test_a_malformed_region_is_refused() -> None:
    with pytest.raises(DomainError) as raised:
        services.get_calendar("36078")
    assert raised.value.code == "invalid_region"


def test_the_model_refuses_a_bad_region_code_and_an_out_of_range_date() -> None:
    override = CalendarOverride(
        date=D(2061, 1, 3), kind=OverrideKind.WORKDAY, name="x", region_code="３６０７８１"
    )
    with pytest.raises(ValidationError) as raised:
        override.full_clean()
    assert set(raised.value.message_dict) == {"date", "region_code"}


# --- CSV import ---

GOOD_CSV = """date,kind,name,region_code,note
2026-03-03,holiday,民族节日,360781,县政府通知
2026-03-08,上班,补班,,
2027-02-20,workday,春节调休上班,,国务院办公厅通知
"""


def test_import_creates_rows_and_the_calendar_follows() -> None:
    # given the calendar is cached
    assert services.is_workday(TUESDAY, COUNTY)
    # when a CSV is imported
    result = services.import_overrides_csv(io.StringIO(GOOD_CSV))
    # then every row is stored, and the answers change at once
    assert (result.created, result.updated, result.errors) == (3, 0, ())
    assert CalendarOverride.objects.count() == 3
    assert not services.is_workday(TUESDAY, COUNTY)
    assert services.is_workday(D(2026, 3, 8))
    assert services.is_workday(D(2027, 2, 20))
    assert CalendarOverride.objects.get(date=D(2026, 3, 8)).kind == OverrideKind.WORKDAY


def test_reimport_updates_changed_rows_and_leaves_the_rest() -> None:
    services.import_overrides_csv(io.StringIO(GOOD_CSV))
    # when the same file comes again with one name corrected
    result = services.import_overrides_csv(io.StringIO(GOOD_CSV.replace("补班", "调休补班")))
    # then one row is updated and two are unchanged
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert CalendarOverride.objects.get(date=D(2026, 3, 8)).name == "调休补班"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_import_reads_excel_encodings(encoding: str) -> None:
    result = services.import_overrides_csv(io.BytesIO(GOOD_CSV.encode(encoding)))
    assert result.created == 3


def test_a_bad_row_writes_nothing() -> None:
    # given a file whose third and fifth lines are wrong
    existing = _override(D(2026, 3, 8), OverrideKind.WORKDAY, "原有")
    bad = (
        "date,kind,name,region_code,note\n"
        "2026-03-03,holiday,民族节日,360781,\n"
        "2026-13-01,holiday,坏日期,,\n"
        "2026-03-08,holiday,覆盖原有,,\n"
        "2026-03-09,休息,坏类型,36078,\n"
    )
    # when it is imported
    with pytest.raises(DomainError) as raised:
        services.import_overrides_csv(io.StringIO(bad))
    # then the error names the bad lines, and not a single row was written or changed
    error = raised.value
    assert error.code == "calendar_csv_invalid"
    assert "3、5" in str(error.message)
    assert [item["line"] for item in error.data["errors"]] == [3, 5]
    assert "行政区划代码" in error.data["errors"][1]["error"]
    assert list(CalendarOverride.objects.values_list("name", flat=True)) == [existing.name]


def test_duplicate_rows_in_one_file_are_refused() -> None:
    dup = "date,kind,name\n2026-03-03,holiday,a\n2026-03-03,workday,b\n"
    with pytest.raises(DomainError) as raised:
        services.import_overrides_csv(io.StringIO(dup))
    assert raised.value.data["errors"] == [{"line": 3, "error": "与第 2 行的日期和地区重复"}]
    assert not CalendarOverride.objects.exists()


def test_a_wrong_header_is_refused() -> None:
    with pytest.raises(DomainError) as raised:
        services.import_overrides_csv(io.StringIO("day,kind,name\n2026-03-03,holiday,a\n"))
    assert raised.value.data["errors"][0]["line"] == 1


def test_out_of_range_dates_are_refused() -> None:
    with pytest.raises(DomainError):
        services.import_overrides_csv(io.StringIO("date,kind,name\n2061-01-03,workday,a\n"))


# --- the calendar_import command ---


def test_command_imports_a_file(tmp_path: Path) -> None:
    path = tmp_path / "overrides.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("calendar_import", str(path), stdout=out)
    assert "新增 3 条" in out.getvalue()
    assert CalendarOverride.objects.count() == 3


def test_command_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GOOD_CSV.encode()), encoding="utf-8"))
    out = io.StringIO()
    call_command("calendar_import", "-", stdout=out)
    assert "新增 3 条" in out.getvalue()


def test_command_fails_on_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("date,kind,name\n2026-03-03,holiday,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第 2 行"):
        call_command("calendar_import", str(path))
    with pytest.raises(CommandError):
        call_command("calendar_import", str(tmp_path / "missing.csv"))
    assert not CalendarOverride.objects.exists()


def test_command_exits_non_zero_with_the_message_on_stderr(tmp_path: Path) -> None:
    # given a bad file; validation fails before the database is touched
    path = tmp_path / "bad.csv"
    path.write_text("date,kind,name\nnot-a-date,holiday,x\n", encoding="utf-8")
    src = Path(services.__file__).resolve().parents[2]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")])),
        "DJANGO_SETTINGS_MODULE": "bianmin.test_settings",
        "BIANMIN_VAR_DIR": str(tmp_path),
    }
    # when the console command runs
    done = subprocess.run(
        [sys.executable, "-m", "bianmin.cli", "calendar_import", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    # then it fails, saying which line is wrong
    assert done.returncode != 0
    assert "第 2 行" in done.stderr
    assert done.stdout == ""
