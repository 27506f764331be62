"""002 天彭镇: 每个服务窗口安装了电子评价器，由镇纪委每周一次统计，每月一次评定 — counts by level per window
and staff for a week, 满意度 per window and staff for a month; 国办发〔2019〕51号: a rating found malicious or
mistaken is kept with its reason and left out of the statistics."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from bianmin.conftest import at
from bianmin.feedback.actions import exclude_rating, rate
from bianmin.feedback.models import Rating, RatingChannel
from bianmin.feedback.selectors import satisfaction, statistics, week_of
from bianmin.feedback.tests.conftest import concluded, registered
from bianmin.lib.errors import DomainError


@pytest.fixture
def week(world):  # noqa: ANN001, ANN201
    """A week of ratings at 象湖镇 (2026-03-09..15) at random levels, by window and staff, plus one outside."""
    rnd = random.Random(7)
    for i in range(14):
        case = registered(world)
        window, staff = (world.mz, world.clerk) if i % 3 else (world.gt, world.handler)
        level = rnd.randint(1, 5)
        rate(
            case,
            level=level,
            comment="不满意的原因" if level > 3 else "",
            channel=RatingChannel.TABLET,
            window=window,
            staff=staff,
            now=at(2026, 3, 9 + i % 7, 9 + i % 8),
        )
    rate(
        registered(world),
        level=5,
        comment="上周的",
        channel="tablet",
        window=world.mz,
        now=at(2026, 3, 8, 23, 59),
    )
    return world


def raw_counts(org, start, end, field):  # noqa: ANN001, ANN201
    """The same figures counted row by row in Python."""
    counts: dict = {}
    for r in Rating.objects.filter(org=org):
        day = r.created_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
        if start <= day <= end and not r.excluded:
            key = getattr(r, field)
            counts.setdefault(key, [0] * 5)[r.level - 1] += 1
    return counts


@pytest.mark.parametrize(("by", "field"), [("window", "window_id"), ("staff", "staff_id")])
def test_weekly_counts_match_a_raw_count(week, by, field):
    start, end = week_of(dt.date(2026, 3, 11))
    assert (start, end) == (dt.date(2026, 3, 9), dt.date(2026, 3, 15))
    figures = statistics([week.town.pk], start, end, by)
    assert {row.key: row.level_counts() for row in figures.rows} == raw_counts(week.town, start, end, field)
    assert figures.total.total == 14  # Sunday 03-08 23:59 in 象湖镇 belongs to the week before


def test_satisfaction_is_the_share_of_levels_1_to_3(world):
    for level in (1, 2, 3, 4):
        rate(
            registered(world),
            level=level,
            comment="差" if level > 3 else "",
            channel="tablet",
            window=world.mz,
            staff=world.clerk,
            now=at(2026, 3, 10),
        )
    rates = satisfaction([world.town.pk], dt.date(2026, 3, 1), dt.date(2026, 3, 31), by="window")
    assert rates == {world.mz.pk: Decimal("75.0")}
    assert satisfaction([world.town.pk], dt.date(2026, 3, 1), dt.date(2026, 3, 31), by="staff") == {
        world.clerk.pk: Decimal("75.0")
    }
    assert satisfaction([world.town2.pk], dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == {}


def test_a_malicious_rating_is_kept_but_not_counted(world):
    case = concluded(world)
    rating = rate(case, level=5, comment="乱评", now=at(2026, 3, 10))
    rate(
        registered(world), level=1, channel="tablet", window=world.mz, staff=world.clerk, now=at(2026, 3, 10)
    )
    march = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert satisfaction([world.town.pk], *march)[world.mz.pk] == Decimal("50.0")
    with pytest.raises(DomainError) as err:
        exclude_rating(rating, actor=world.director, kind="malicious", reason="x", now=at(2026, 3, 11))
    assert err.value.code == "forbidden"  # the supervisor's finding
    with pytest.raises(DomainError) as err:
        exclude_rating(rating, actor=world.supervisor, kind="malicious", reason=" ", now=at(2026, 3, 11))
    assert err.value.code == "reason_required"
    exclude_rating(
        rating, actor=world.supervisor, kind="malicious", reason="与办件无关的辱骂", now=at(2026, 3, 11)
    )
    rating.refresh_from_db()
    assert rating.excluded == "malicious" and rating.excluded_reason == "与办件无关的辱骂"
    assert Rating.objects.filter(pk=rating.pk).exists()  # kept
    assert satisfaction([world.town.pk], *march)[world.mz.pk] == Decimal("100.0")
    row = statistics([world.town.pk], *march).rows[0]
    assert row.total == 1 and row.excluded == 1
    # its rectification ends with the finding
    rating.rectification.refresh_from_db()
    assert rating.rectification.state == "closed" and "恶意评价" in rating.rectification.close_note
    with pytest.raises(DomainError) as err:
        exclude_rating(rating, actor=world.supervisor, kind="mistaken", reason="再认定", now=at(2026, 3, 12))
    assert err.value.code == "already_excluded"


def test_stats_api_and_excel_give_the_same_figures(week, api, client):
    api.force_authenticate(week.supervisor)
    response = api.get("/api/v1/ratings/stats/", {"start": "2026-03-09", "end": "2026-03-15", "by": "staff"})
    assert response.status_code == 200
    figures = statistics([week.town.pk], dt.date(2026, 3, 9), dt.date(2026, 3, 15), "staff")
    assert [r["counts"] for r in response.data["rows"]] == [r.level_counts() for r in figures.rows]
    assert response.data["total"]["total"] == 14
    bad = api.get("/api/v1/ratings/stats/", {"by": "town"})
    assert bad.status_code == 400 and bad.data["code"] == "invalid_grouping"
    api.force_authenticate(week.clerk)
    assert (
        api.get("/api/v1/ratings/stats/").status_code == 403
    )  # a clerk sees their own ratings, not the center's
    client.force_login(week.supervisor)
    xlsx = client.get(
        "/counter/ratings/stats/", {"format": "xlsx", "start": "2026-03-09", "end": "2026-03-15"}
    )
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx.content)).active
    rows = [r for r in sheet.iter_rows(min_row=3, values_only=True) if any(v is not None for v in r)]
    assert rows[-1][0] == "合计" and rows[-1][7] == 14, rows
