"""Figures other apps count from their own rows rather than the ledger (the consultation log, the queue's
tickets, …): each is counted straight from its app's selector per period, not rolled up, grouped by the
breakdowns its rows have; the others group it under "" (the row "未关联办件")."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from bianmin.consultations import selectors as consultation_selectors
from bianmin.fees import selectors as fee_selectors
from bianmin.mediation import selectors as mediation_selectors
from bianmin.queue import selectors as queue_selectors
from bianmin.reports.figures import Key, Scope
from bianmin.seals import selectors as seal_selectors

# The breakdowns a consultation has; the others (kind, channel of a case) group it under "".
_CONSULTATION_DIMS = ("center", "window", "item", "station")


def consultation_counts(
    scope: Scope, first: dt.date, last: dt.date, dims: Sequence[str]
) -> dict[Key, Counter[str]]:
    """The ``consultations`` figure of ``first`` … ``last`` grouped by ``dims``, from the consultation log
    (``consultations.selectors.counts``, one query): a station's table counts the station's own."""

    def read(orgs: tuple[int, ...], mine: tuple[str, ...]) -> dict[Key, dict[str, int]]:
        counted = consultation_selectors.counts(orgs, first, last, mine)
        return {key: {"consultations": n} for key, n in counted.items()}

    return _counted_elsewhere(scope, dims, _CONSULTATION_DIMS, read)


def queue_counts(scope: Scope, first: dt.date, last: dt.date, dims: Sequence[str]) -> dict[Key, Counter[str]]:
    """The ``tickets_served`` figure and the sums behind ``avg_wait_minutes`` of ``first`` … ``last`` grouped
    by ``dims``, from the queue's tickets (``queue.selectors.served_counts``, one query)."""

    def read(orgs: tuple[int, ...], mine: tuple[str, ...]) -> dict[Key, dict[str, int]]:
        served = queue_selectors.served_counts(orgs, first, last, mine)
        return {
            key: {"tickets_served": n, "wait_seconds": seconds, "wait_tickets": waited}
            for key, (n, seconds, waited) in served.items()
        }

    return _counted_elsewhere(scope, dims, queue_selectors.SERVED_DIMENSIONS, read)


def fee_counts(scope: Scope, first: dt.date, last: dt.date, dims: Sequence[str]) -> dict[Key, Counter[str]]:
    """``payments``, ``fees_collected`` and ``fees_refunded`` (in fen, made yuan by ``derive``) by center and
    window, from the fee ledger (``fees.selectors.counts``, one query)."""

    def read(orgs: tuple[int, ...], mine: tuple[str, ...]) -> dict[Key, dict[str, int]]:
        counted = fee_selectors.counts(orgs, first, last, tuple(_AS_ORG.get(d, d) for d in mine))
        return {
            key: {
                "payments": sums["payments"],
                "fees_collected_fen": sums["fees_collected_fen"],
                "fees_refunded_fen": sums["fees_refunded_fen"],
            }
            for key, sums in counted.items()
        }

    return _counted_elsewhere(scope, dims, ("center", "window"), read)


def mediation_counts(
    scope: Scope, first: dt.date, last: dt.date, dims: Sequence[str]
) -> dict[Key, Counter[str]]:
    """``mediations`` and ``mediation_agreements`` by center (``mediation.selectors.counts``)."""

    def read(orgs: tuple[int, ...], mine: tuple[str, ...]) -> dict[Key, dict[str, int]]:
        counted = mediation_selectors.counts(orgs, first, last, tuple(_AS_ORG.get(d, d) for d in mine))
        return {
            key: {"mediations": sums["mediations"], "mediation_agreements": sums["mediation_agreements"]}
            for key, sums in counted.items()
        }

    return _counted_elsewhere(scope, dims, ("center",), read)


def seal_counts(scope: Scope, first: dt.date, last: dt.date, dims: Sequence[str]) -> dict[Key, Counter[str]]:
    """``seal_uses`` by center (``seals.selectors.counts``, one query)."""

    def read(orgs: tuple[int, ...], mine: tuple[str, ...]) -> dict[Key, dict[str, int]]:
        counted = seal_selectors.counts(orgs, first, last, tuple(_AS_ORG.get(d, d) for d in mine))
        return {key: {"seal_uses": n} for key, n in counted.items()}

    return _counted_elsewhere(scope, dims, ("center",), read)


# The statistics' "center" is the other apps' "org".
_AS_ORG = {"center": "org"}


def _counted_elsewhere(
    scope: Scope,
    dims: Sequence[str],
    dimensions: Sequence[str],
    read: Callable[[tuple[int, ...], tuple[str, ...]], dict[Key, dict[str, int]]],
) -> dict[Key, Counter[str]]:
    """Figures another app counts from its own rows (not the ledger): ``read(orgs, mine)`` groups them by the
    breakdowns of ``dims`` its rows have (``dimensions``); the others group them under "". A station's table
    counts the station's own."""
    orgs = (scope.station,) if scope.station is not None else scope.centers
    mine = tuple(d for d in dims if d in dimensions)
    out: dict[Key, Counter[str]] = defaultdict(Counter)
    for key, sums in read(orgs, mine).items():
        values = dict(zip(mine, key, strict=True))
        out[tuple(values.get(d, "") for d in dims)].update(sums)
    return out
