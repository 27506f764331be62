"""Scoping: which orgs a staff user may see (a town's staff see their own org; county roles their subtree)."""

from __future__ import annotations

from django.db.models import QuerySet

from bianmin.orgs.models import Org, OrgKind, Staff, Window
from bianmin.orgs.roles import COUNTY_WIDE_ROLES, roles_of


def staff_of(user) -> Staff | None:  # type: ignore[no-untyped-def]
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.staff
    except Staff.DoesNotExist:
        return None


def visible_orgs(user) -> QuerySet[Org]:  # type: ignore[no-untyped-def]
    """Orgs whose data ``user`` may see. Superusers see all; a user with no staff record sees none."""
    if getattr(user, "is_superuser", False):
        return Org.objects.all()
    staff = staff_of(user)
    if staff is None:
        return Org.objects.none()
    if roles_of(user) & set(COUNTY_WIDE_ROLES):
        return Org.objects.filter(path__startswith=staff.org.path)
    return Org.objects.filter(pk=staff.org_id)


def sees_many_centers(user) -> bool:  # type: ignore[no-untyped-def]
    """County roles (and superusers) see every center of their county: pages then name each case's center."""
    return bool(getattr(user, "is_superuser", False) or roles_of(user) & set(COUNTY_WIDE_ROLES))


def visible_centers(user) -> QuerySet[Org]:  # type: ignore[no-untyped-def]
    """The service centers (county, towns) among the user's orgs: the ones a case can belong to."""
    return visible_orgs(user).filter(kind__in=(OrgKind.COUNTY, OrgKind.TOWN)).order_by("path")


def visible_org_ids(user) -> frozenset[int]:  # type: ignore[no-untyped-def]
    """``visible_orgs`` as ids, kept on the user object: a town's staff need no query for their own org."""
    cached = getattr(user, "_bianmin_visible_org_ids", None)
    if cached is None:
        staff = staff_of(user)
        if sees_many_centers(user):
            cached = frozenset(visible_orgs(user).values_list("pk", flat=True))
        else:
            cached = frozenset() if staff is None else frozenset({staff.org_id})
        user._bianmin_visible_org_ids = cached
    return cached


def station_of(user) -> int | None:  # type: ignore[no-untyped-def]
    """The village station a 代办员 works at, or None for everyone else."""
    staff = staff_of(user)
    return staff.org_id if staff is not None and staff.org.kind == OrgKind.VILLAGE else None


def station_ids_below(user) -> frozenset[int]:  # type: ignore[no-untyped-def]
    """The village stations of a town's staff (a town oversees its stations' own cases), kept on the user."""
    cached = getattr(user, "_bianmin_station_ids", None)
    if cached is None:
        staff = staff_of(user)
        if staff is None or staff.org.kind != OrgKind.TOWN or sees_many_centers(user):
            cached = frozenset()
        else:
            cached = frozenset(
                Org.objects.filter(parent_id=staff.org_id, kind=OrgKind.VILLAGE).values_list("pk", flat=True)
            )
        user._bianmin_station_ids = cached
    return cached


def visible_windows(user) -> QuerySet[Window]:  # type: ignore[no-untyped-def]
    return Window.objects.filter(org__in=visible_orgs(user)).select_related("org")


def can_see_org(user, org: Org) -> bool:  # type: ignore[no-untyped-def]
    return visible_orgs(user).filter(pk=org.pk).exists()


def windows_held(staff: Staff) -> QuerySet[Window]:
    return Window.objects.filter(posts__staff=staff)


def held_window_ids(user) -> frozenset[int]:  # type: ignore[no-untyped-def]
    """Ids of the windows the user holds a post at (A or B), read once per user object."""
    cached = getattr(user, "_bianmin_held_windows", None)
    if cached is None:
        staff = staff_of(user)
        cached = frozenset() if staff is None else frozenset(windows_held(staff).values_list("pk", flat=True))
        user._bianmin_held_windows = cached
    return cached
