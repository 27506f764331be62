"""Every write of the reports app: rebuilding the daily rollups (统计日汇总).

``rebuild_rollups`` recounts a center's days from the ledger and replaces its rollup rows, in one
transaction per center holding the center's ``RollupMark`` row locked, so two runs at once (cron and a
director's click, two cron hosts) queue one behind the other instead of writing the same days twice. It is
idempotent: running it again gives the same rows. Today is never rolled up (its figures still change); the
statistics read today, and every day outside a center's mark, from the ledger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from bianmin.orgs.models import Org, OrgKind
from bianmin.reports.figures import DIMS, Scope, ledger_counts
from bianmin.reports.models import MEASURES, DailyRollup, RollupMark

# A rebuild counts this many days per ledger pass, so a five-year first run does not hold one huge result.
CHUNK_DAYS = 92


@dataclass(frozen=True)
class Rebuilt:
    center: Org
    first: dt.date
    last: dt.date
    rows: int


def centers_under(org: Org | None) -> list[Org]:
    """The orgs a rebuild covers: ``org`` and every org below it (each org that owns cases has its own
    rollups — a village station handling delegated items too); every org without ``org``."""
    qs = Org.objects.all()
    if org is not None:
        target = org.parent if org.kind == OrgKind.VILLAGE and org.parent else org
        qs = qs.filter(path__startswith=target.path)
    return list(qs.order_by("path"))


def _mark_row(center: Org) -> RollupMark:
    """The center's mark, created empty the first time (a concurrent first run finds the other's row)."""
    try:
        with transaction.atomic():
            mark, _created = RollupMark.objects.get_or_create(center=center)
    except IntegrityError:
        mark = RollupMark.objects.get(center=center)
    return mark


def rebuild_center(center: Org, since: dt.date, *, today: dt.date, now: dt.datetime | None = None) -> Rebuilt:
    """Recount ``center``'s days from ``since`` (or from the day after its mark, whichever is earlier, so
    the covered days stay one unbroken span) through yesterday, and move the mark."""
    now = now or timezone.now()
    through = today - dt.timedelta(days=1)
    _mark_row(center)
    with transaction.atomic():
        mark = RollupMark.objects.select_for_update().get(center=center)
        first = since
        if mark.rolled_through is not None:
            first = min(since, mark.rolled_through + dt.timedelta(days=1))
        if first > through:
            return Rebuilt(center, first, through, 0)
        scope = Scope((center.pk,), None, center.region)
        DailyRollup.objects.filter(center=center, day__gte=first, day__lte=through).delete()
        written = 0
        chunk_first = first
        while chunk_first <= through:
            chunk_last = min(chunk_first + dt.timedelta(days=CHUNK_DAYS - 1), through)
            counts = ledger_counts(scope, chunk_first, chunk_last, DIMS, by_day=True)
            rows = []
            for (day, _center, window, item, station, kind, channel), sums in counts.items():
                if not any(sums.values()):
                    continue
                rows.append(
                    DailyRollup(
                        day=day,
                        center_id=center.pk,
                        window_id=window,
                        item_id=item,
                        station_id=station,
                        kind=kind,
                        channel=channel,
                        **{m: sums[m] for m in MEASURES},
                    )
                )
            DailyRollup.objects.bulk_create(rows, batch_size=2000)
            written += len(rows)
            chunk_first = chunk_last + dt.timedelta(days=1)
        if mark.rolled_from is None or first < mark.rolled_from:
            mark.rolled_from = first
        mark.rolled_through = through
        mark.rebuilt_at = now
        mark.save(update_fields=["rolled_from", "rolled_through", "rebuilt_at"])
    return Rebuilt(center, first, through, written)


def rebuild_rollups(
    since: dt.date, *, org: Org | None = None, today: dt.date, now: dt.datetime | None = None
) -> list[Rebuilt]:
    """``bianmin reports_rollup``: rebuild every center's rollups (those under ``org``) from ``since``."""
    return [rebuild_center(center, since, today=today, now=now) for center in centers_under(org)]
