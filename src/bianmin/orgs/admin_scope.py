"""Scoping in the admin (数据权限): the admin shows and changes only what the pages and the API would.

A town's staff reach their own center; county roles reach the county and everything below it
(``selectors.visible_orgs``). ``OrgScopedAdmin`` applies that rule to an admin's list and object pages, to
every choice its forms offer (foreign keys, many-to-many, inlines, autocomplete, list filters) and to every
save, so a forged POST naming another center's id is refused with a form error. Superusers see everything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from bianmin.orgs.models import Org
from bianmin.orgs.selectors import staff_of, visible_orgs

OUT_OF_SCOPE_CHOICE = _("所选项不在您的管理范围内")


def is_superuser(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_superuser", False))


def visible_org_ids(request: HttpRequest) -> frozenset[int]:
    """The user's orgs, read once per request."""
    cached = getattr(request, "_bianmin_admin_org_ids", None)
    if cached is None:
        cached = frozenset(visible_orgs(request.user).values_list("pk", flat=True))
        request._bianmin_admin_org_ids = cached  # type: ignore[attr-defined]
    return cached


def own_org_id(request: HttpRequest) -> int | None:
    """The org of the user's own staff record: the top of their scope, whose place is set from above."""
    staff = staff_of(request.user)
    return staff.org_id if staff is not None else None


def _follow(form: forms.ModelForm, lookup: str) -> Org | None:
    """The org a form would point its object to through ``lookup`` ("org", "window__org").

    None when the form does not set the first field (read-only: it stays as it was set from above)."""
    first, *rest = lookup.split("__")
    value: Any = form.cleaned_data.get(first) if first in form.fields else None
    for part in rest:
        value = getattr(value, part, None) if isinstance(value, Model) else None
    return value if isinstance(value, Org) else None


def _with_check(form_class: type[forms.ModelForm], check: Callable[[Any], None]) -> type[forms.ModelForm]:
    """The form class with ``check(form)`` run after its own ``clean``."""

    class ScopeChecked(form_class):  # type: ignore[valid-type, misc]
        def clean(self) -> dict[str, Any]:
            cleaned = super().clean()
            check(self)
            return cleaned

    ScopeChecked.__name__ = form_class.__name__
    return ScopeChecked


class _ScopedRelations:
    """Choices and form checks shared by model admins and inlines."""

    admin_site: admin.AdminSite
    # Where a save is checked: every org a form sets through these lookups must be one of the user's.
    write_org_fields: tuple[str, ...] = ()
    # Labels for model fields that have no Chinese verbose name (a model change would need a migration).
    field_labels: ClassVar[dict[str, Any]] = {}

    def scoped_choices(self, request: HttpRequest, model: type[Model]) -> QuerySet | None:
        """What a non-superuser may pick for a relation to ``model`` (None: no limit).

        What that model's scoped admin lists for the user; the accounts of their orgs' staff for users;
        nothing for any other model, so a relation nobody thought of fails closed."""
        if is_superuser(request):
            return None
        if model is Org:
            return visible_orgs(request.user)
        related_admin = self.admin_site._registry.get(model)
        if isinstance(related_admin, OrgScopedAdmin):
            return related_admin.get_queryset(request)
        user_model = get_user_model()
        if model is user_model:
            return user_model._default_manager.filter(staff__org__in=visible_orgs(request.user))
        return model._default_manager.none()

    def _limit(self, db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> None:
        if is_superuser(request):
            return
        if "queryset" not in kwargs:  # an admin that chose its own (narrower) choices keeps them
            kwargs["queryset"] = self.scoped_choices(request, db_field.remote_field.model)
        kwargs.setdefault(
            "error_messages", {"invalid_choice": OUT_OF_SCOPE_CHOICE, "invalid_pk_value": OUT_OF_SCOPE_CHOICE}
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._limit(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._limit(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]

    def check_scope(self, request: HttpRequest, form: forms.ModelForm) -> None:
        """Refuse a form whose object would point outside the user's orgs (called from the form's clean)."""
        if is_superuser(request):
            return
        allowed = visible_org_ids(request)
        for lookup in self.write_org_fields:
            org = _follow(form, lookup)
            if org is not None and org.pk not in allowed:
                form.add_error(lookup.split("__")[0], _("“%(org)s”不在您的管理范围内") % {"org": org})


class OrgScopedAdmin(_ScopedRelations, admin.ModelAdmin):
    """A model admin limited to the user's orgs, like the pages and the API.

    ``org_fields`` name the lookups from a row to its org ("org", "window__org", "pk" for an org itself); a
    row is visible when any of them is one of the user's orgs. A save must keep every org named by
    ``write_org_fields`` (default: ``org_fields``) among the user's orgs. Admins whose scope is not an org
    lookup (cases, calendar regions) override ``scope_q`` and ``check_scope``.
    """

    org_fields: tuple[str, ...] = ("org",)

    def __init__(self, model: type[Model], admin_site: admin.AdminSite) -> None:
        super().__init__(model, admin_site)
        if not self.write_org_fields:
            self.write_org_fields = self.org_fields

    def scope_q(self, request: HttpRequest) -> Q:
        orgs = visible_orgs(request.user)
        scope = Q(pk__in=[])  # no lookups: nothing, never everything
        for lookup in self.org_fields:
            scope |= Q(**{f"{lookup}__in": orgs})
        return scope

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        if is_superuser(request):
            return qs
        scope = self.scope_q(request)
        if self._multi_valued():
            # A row reached through several related rows must still be listed once.
            return qs.filter(pk__in=self.model._default_manager.filter(scope).values("pk"))
        return qs.filter(scope)

    def _multi_valued(self) -> bool:
        return any(
            f.many_to_many or f.one_to_many
            for lookup in self.org_fields
            if lookup != "pk"
            for f in get_fields_from_path(self.model, lookup)
        )

    def get_list_filter(self, request: HttpRequest) -> list[Any]:
        """Filters on a relation offer only the related rows of the user's own list."""
        filters = list(super().get_list_filter(request))
        if is_superuser(request):
            return filters
        scoped: list[Any] = []
        for entry in filters:
            if isinstance(entry, str) and get_fields_from_path(self.model, entry)[-1].is_relation:
                scoped.append((entry, RelatedOnlyFieldListFilter))
            else:
                scoped.append(entry)
        return scoped

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        kwargs["labels"] = {**self.field_labels, **kwargs.get("labels", {})}
        form = super().get_form(request, obj, change=change, **kwargs)
        return _with_check(form, lambda f: self.check_scope(request, f))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # Last line behind the form checks: the view's transaction rolls the save back.
        if not is_superuser(request) and not self.get_queryset(request).filter(pk=obj.pk).exists():
            raise PermissionDenied

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Keep many-to-many links to rows the user cannot see: their form could not show them."""
        kept: dict[str, list[Any]] = {}
        if change and not is_superuser(request):
            for field in self.model._meta.many_to_many:
                limited = self.scoped_choices(request, field.remote_field.model)
                if field.name in form.fields and limited is not None:
                    manager = getattr(form.instance, field.name)
                    kept[field.name] = list(
                        manager.exclude(pk__in=limited.values("pk")).values_list("pk", flat=True)
                    )
        super().save_related(request, form, formsets, change)
        for name, pks in kept.items():
            if pks:
                getattr(form.instance, name).add(*pks)


class ScopedInlineMixin(_ScopedRelations):
    """For inlines: rows follow their (scoped) parent; choices and saves are scoped like the parent's."""

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        kwargs["labels"] = {**self.field_labels, **kwargs.get("labels", {})}
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        formset.form = _with_check(formset.form, lambda f: self.check_scope(request, f))
        return formset


class SuperuserOnlyAdmin:
    """Accounts, groups and permissions are managed by superusers only: whoever can edit them can grant
    themselves any role or center, so no role reaches these pages, whatever permissions it was given."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_superuser(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_superuser(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_superuser(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_superuser(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_superuser(request)
