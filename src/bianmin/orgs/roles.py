"""Roles as Django groups with permissions (岗位职责).

A role's rights are permissions, so actions check ``user.has_perm(...)`` and a center can adjust a group
in the admin. Permissions of apps that are not installed yet are skipped and granted on a later migrate.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.utils.module_loading import module_has_submodule
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

# The orgs app's own share of each role's rights; every other app declares its share in its own
# ``<app>/roles.py`` as ``ROLE_PERMISSIONS`` and ``ensure_roles`` gathers them all.
_VIEW = ["orgs.view_org", "orgs.view_window", "orgs.view_staff"]
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: _VIEW,
    Role.HANDLER: _VIEW,
    Role.DUTY_LEADER: _VIEW,
    Role.DIRECTOR: _VIEW
    + [
        "orgs.change_org",
        "orgs.add_window",
        "orgs.change_window",
        "orgs.add_staff",
        "orgs.change_staff",
        "orgs.add_windowpost",
        "orgs.change_windowpost",
        "orgs.delete_windowpost",
    ],
    Role.SUPERVISOR: _VIEW,
    Role.AGENT: _VIEW,
    Role.COUNTY_ADMIN: _VIEW + ["orgs.add_org", "orgs.change_org"],
}


def all_role_permissions() -> dict[str, set[str]]:
    """Every installed app's ``roles.ROLE_PERMISSIONS``, merged per role."""
    merged: dict[str, set[str]] = {role: set() for role in Role.values}
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "roles"):
            continue
        declared = getattr(import_module(f"{config.name}.roles"), "ROLE_PERMISSIONS", {})
        for role, perms in declared.items():
            merged[role].update(perms)
    return merged


def ensure_roles(using: str = "default") -> None:
    """Create or refresh the role groups; idempotent."""
    for role, perms in sorted(all_role_permissions().items()):
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted = []
        for perm in sorted(perms):
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
