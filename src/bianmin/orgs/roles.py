"""Roles as Django groups with permissions (岗位职责).

A role's rights are permissions, so actions check ``user.has_perm(...)`` and a center can adjust a group
in the admin. Permissions of apps that are not installed yet are skipped and granted on a later migrate.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("窗口工作人员")
    HANDLER = "handler", _("承办人")
    DUTY_LEADER = "duty_leader", _("带班领导")
    DIRECTOR = "director", _("中心主任")
    SUPERVISOR = "supervisor", _("监察")
    AGENT = "agent", _("代办员")
    COUNTY_ADMIN = "county_admin", _("县级管理员")


# Roles whose scope is their org and every org below it.
COUNTY_WIDE_ROLES = {Role.COUNTY_ADMIN}

_VIEW_BASICS = ["orgs.view_org", "orgs.view_window", "orgs.view_staff", "catalog.view_serviceitem"]
_CASE_WORK = [
    "cases.view_case",
    "cases.register_case",
    "cases.accept_case",
    "cases.handle_case",
    "cases.deliver_case",
    "cases.archive_case",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _VIEW_BASICS + _CASE_WORK,
    Role.HANDLER: _VIEW_BASICS + ["cases.view_case", "cases.handle_case", "cases.deliver_case"],
    Role.DUTY_LEADER: _VIEW_BASICS + _CASE_WORK + ["cases.approve_extension", "cases.reveal_id_number"],
    Role.DIRECTOR: _VIEW_BASICS
    + _CASE_WORK
    + [
        "cases.approve_extension",
        "cases.reveal_id_number",
        "cases.archive_case",
        "orgs.change_org",
        "orgs.add_window",
        "orgs.change_window",
        "orgs.add_staff",
        "orgs.change_staff",
        "orgs.add_windowpost",
        "orgs.change_windowpost",
        "orgs.delete_windowpost",
        "catalog.enable_serviceitem",
    ],
    Role.SUPERVISOR: _VIEW_BASICS + ["cases.view_case", "cases.reveal_id_number"],
    Role.AGENT: _VIEW_BASICS + ["cases.view_case", "cases.register_case", "cases.deliver_case"],
    Role.COUNTY_ADMIN: _VIEW_BASICS
    + _CASE_WORK
    + [
        "cases.approve_extension",
        "cases.reveal_id_number",
        "cases.archive_case",
        "orgs.add_org",
        "orgs.change_org",
        "catalog.add_serviceitem",
        "catalog.change_serviceitem",
        "catalog.publish_serviceitem",
        "catalog.enable_serviceitem",
        "workdays.add_calendaroverride",
        "workdays.change_calendaroverride",
        "workdays.view_calendaroverride",
    ],
}


def ensure_roles(using: str = "default") -> None:
    """Create or refresh the role groups; idempotent."""
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            found = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if found is not None:
                wanted.append(found)
        group.permissions.add(*wanted)


def roles_of(user) -> set[str]:  # type: ignore[no-untyped-def]
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_bianmin_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._bianmin_roles = cached
    return cached
