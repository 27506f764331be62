"""Read queries of the ledger's public side (办件留痕日封存公示).

A center publishes each sealed day's root hash on its public page, so copies of the roots exist outside the
database (in citizens' and the county's hands, in web archives): a database rewritten end to end then
disagrees with what was published. Kept apart from ``selectors.py`` because only the public hall and the
audit read it.
"""

from __future__ import annotations

from bianmin.cases.models import AuditSeal
from bianmin.orgs.models import Org

PUBLISHED_DAYS = 30


def published_seals(org: Org, limit: int = PUBLISHED_DAYS) -> list[AuditSeal]:
    """日封存公示: the center's last ``limit`` sealed days, newest first, in one query.

    Only what anyone may read and copy: the day, the number of events, the root hash and the id of the
    signing key. The chain tails stay inside: they list acceptance numbers, which are the applicants' business.
    """
    return list(
        AuditSeal.objects.filter(org=org)
        .only("org_id", "day", "event_count", "root_hash", "key_id", "sealed_at")
        .order_by("-day")[:limit]
    )
