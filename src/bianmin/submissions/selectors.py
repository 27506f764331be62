"""Reads shared by the submission pages, the API and the commands: the rules in force, the calendar of
reports owed (derived from the rules, so it is right without any job), their state, and scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from bianmin.lib.periods import Period
from bianmin.orgs.models import Org, OrgKind
from bianmin.orgs.selectors import station_ids_below, visible_org_ids
from bianmin.submissions.models import ReportKind, ReportRule, Submission, SubmissionState
from bianmin.submissions.schedule import DEFAULT_RULES, Due, RuleSpec, due_of, dues_between, period_for
from bianmin.workdays.services import get_calendar


def remind_days() -> int:
    """Working days before the due date from which a report shows as due soon (setting)."""
    return int(getattr(settings, "REPORT_REMIND_WORKDAYS", 3))


# ------------------------------------------------------------------------------------------- scope


def scope_org_ids(user: Any) -> frozenset[int]:
    """Orgs whose reports ``user`` sees: their own (county roles: the county and below) and, for a town's
    staff, the stations that report to the town."""
    return visible_org_ids(user) | station_ids_below(user)


def visible_submissions(user: Any) -> QuerySet[Submission]:
    rows = Submission.objects.select_related(
        "org", "recipient", "submitted_by__staff", "superseded_by", "supersedes"
    )
    if getattr(user, "is_superuser", False):
        return rows
    return rows.filter(org_id__in=scope_org_ids(user))


# ------------------------------------------------------------------------------------------- rules


def rule_specs(county: Org | None) -> list[RuleSpec]:
    """The county's active rules; the seeds' defaults while the county has saved none."""
    if county is None:
        return list(DEFAULT_RULES)
    saved = list(ReportRule.objects.filter(county=county).order_by("kind"))
    return _specs(saved) if saved else list(DEFAULT_RULES)


def _specs(rules: Iterable[ReportRule]) -> list[RuleSpec]:
    return [
        RuleSpec(r.kind, r.submitter_level, r.recipient_level, r.due_day, r.source_text)
        for r in rules
        if r.active
    ]


def _specs_by_region(regions: set[str]) -> dict[str, list[RuleSpec]]:
    """Each county's rules (by its division code), in one query."""
    saved: dict[str, list[ReportRule]] = {}
    for rule in ReportRule.objects.filter(county__code__in=regions).select_related("county"):
        saved.setdefault(rule.county.code, []).append(rule)
    return {region: _specs(saved[region]) if region in saved else list(DEFAULT_RULES) for region in regions}


def spec_for(org: Org, kind: str) -> RuleSpec | None:
    """The active rule by which ``org`` owes a report of ``kind``, or None."""
    specs = _specs_by_region({org.region})[org.region]
    return next((s for s in specs if s.kind == kind and s.submitter_level == org.kind), None)


def recipient_of(org: Org, spec: RuleSpec) -> Org | None:
    """Who receives ``org``'s report: its town for a station, its county for a town."""
    if spec.recipient_level == OrgKind.TOWN:
        return org.parent if org.parent is not None and org.parent.kind == OrgKind.TOWN else None
    return Org.objects.filter(code=org.region, kind=OrgKind.COUNTY).first()


def due_for(org: Org, spec: RuleSpec, period_key: str) -> Due:
    period = period_for(spec.kind, period_key)
    return due_of(spec.kind, spec.due_day, period, get_calendar(org.region))


# -------------------------------------------------------------------------------------- the calendar


class Status:
    ON_TIME = "on_time"
    LATE = "late"
    DRAFT = "draft"
    MISSING = "missing"


@dataclass
class DueReport:
    """One report an org owes for one period: when, to whom, and what has been done about it."""

    org: Org
    kind: str
    spec: RuleSpec
    period: Period
    nominal: dt.date
    due_date: dt.date
    provisional: bool
    recipient_id: int | None
    current: Submission | None  # the latest submitted one (a correction supersedes the original)
    draft: Submission | None
    overdue: bool
    workdays_left: int

    @property
    def kind_label(self) -> str:
        return str(ReportKind(self.kind).label)

    @property
    def status(self) -> str:
        if self.current is not None:
            return Status.ON_TIME if self.current.on_time else Status.LATE
        return Status.DRAFT if self.draft is not None else Status.MISSING

    @property
    def submitted(self) -> bool:
        return self.current is not None


def reporting_orgs(org: Org) -> QuerySet[Org]:
    """The orgs that owe reports at or below ``org``: a county's towns and stations, a town and its
    stations, a station itself."""
    rows = Org.objects.select_related("parent").filter(kind__in=(OrgKind.TOWN, OrgKind.VILLAGE))
    if org.kind == OrgKind.VILLAGE:
        return rows.filter(pk=org.pk)
    return rows.filter(path__startswith=org.path).order_by("path")


def due_reports(
    orgs: Iterable[Org],
    first: dt.date,
    last: dt.date,
    *,
    today: dt.date,
    kinds: Iterable[str] | None = None,
) -> list[DueReport]:
    """Every report the orgs owe with a due date in ``first`` .. ``last``, with what was submitted for it.

    Three queries whatever the number of orgs: the rules, the submissions, the counties (for recipients);
    and the calendar's freshness check once per county, not per org.
    """
    orgs = list(orgs)
    if not orgs:
        return []
    wanted = set(kinds) if kinds else None
    specs = _specs_by_region({o.region for o in orgs})
    counties = dict(
        Org.objects.filter(code__in={o.region for o in orgs}, kind=OrgKind.COUNTY).values_list("code", "pk")
    )
    calendars = {region: get_calendar(region) for region in {o.region for o in orgs}}
    plan: list[tuple[Org, RuleSpec, Due]] = []
    dues_cache: dict[tuple[str, str, int | None], list[Due]] = {}
    for org in orgs:
        calendar = calendars[org.region]
        for spec in specs[org.region]:
            if spec.submitter_level != org.kind or (wanted is not None and spec.kind not in wanted):
                continue
            rule_key = (org.region, spec.kind, spec.due_day)
            if rule_key not in dues_cache:
                dues_cache[rule_key] = dues_between(spec.kind, spec.due_day, first, last, calendar)
            plan.extend((org, spec, due) for due in dues_cache[rule_key])
    if not plan:
        return []
    submitted: dict[tuple[int, str, str], Submission] = {}
    drafts: dict[tuple[int, str, str], Submission] = {}
    rows = Submission.objects.filter(
        org_id__in={o.pk for o, _s, _d in plan},
        period_key__in={d.period.key for _o, _s, d in plan},
    ).select_related("submitted_by__staff")
    for row in rows.order_by("chain_seq"):
        key = (row.org_id, row.kind, row.period_key)
        if row.state == SubmissionState.DRAFT:
            drafts[key] = row
        else:
            submitted[key] = row  # ordered by chain position: the last one is the current one
    out = []
    for org, spec, due in plan:
        key = (org.pk, spec.kind, due.period.key)
        calendar = calendars[org.region]
        current = submitted.get(key)
        recipient = org.parent_id if spec.recipient_level == OrgKind.TOWN else counties.get(org.region)
        out.append(
            DueReport(
                org=org,
                kind=spec.kind,
                spec=spec,
                period=due.period,
                nominal=due.nominal,
                due_date=due.due.date,
                provisional=due.due.provisional,
                recipient_id=recipient,
                current=current,
                draft=drafts.get(key),
                overdue=current is None and today > due.due.date,
                workdays_left=calendar.workdays_between(today, due.due.date),
            )
        )
    out.sort(key=lambda r: (r.due_date, r.org.path, r.kind))
    return out


def due_soon(orgs: Iterable[Org], *, today: dt.date, days: int | None = None) -> list[DueReport]:
    """Reports not yet submitted that are due today or within ``days`` working days (the setting)."""
    days = remind_days() if days is None else days
    horizon = today + dt.timedelta(days=days * 2 + 14)  # enough calendar days for ``days`` working days
    return [
        r
        for r in due_reports(orgs, today, horizon, today=today)
        if not r.submitted and 0 <= r.workdays_left <= days
    ]


def own_reporting_orgs(user: Any) -> list[Org]:
    """The orgs whose reports ``user`` fills in: their own center or station."""
    staff = getattr(user, "staff", None)
    if staff is None or staff.org.kind not in (OrgKind.TOWN, OrgKind.VILLAGE):
        return []
    return [staff.org]


def overview_orgs(user: Any, org: Org | None = None) -> list[Org]:
    """The orgs an overview lists for ``user``: below ``org`` (default: the user's own org) within scope."""
    scope = scope_org_ids(user)
    if org is None:
        staff = getattr(user, "staff", None)
        if staff is None:
            return []
        org = staff.org
    return [o for o in reporting_orgs(org) if getattr(user, "is_superuser", False) or o.pk in scope]


def submission_history(org_id: int, kind: str, period_key: str) -> QuerySet[Submission]:
    """Every submitted version of one report, oldest first (the original, then each correction)."""
    return Submission.objects.filter(
        org_id=org_id, kind=kind, period_key=period_key, state=SubmissionState.SUBMITTED
    ).order_by("chain_seq")
