"""Calendar overrides in the admin, per county region (各县的民族节日等): a county admin keeps their own
county's rows; national rows (an empty region code) are shown to everyone and changed by superusers only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.http import HttpRequest

from bianmin.orgs.admin_scope import OUT_OF_SCOPE_CHOICE, OrgScopedAdmin, is_superuser
from bianmin.orgs.selectors import visible_orgs
from bianmin.workdays.models import CalendarOverride


def regions_of(request: HttpRequest) -> list[str]:
    """The calendar regions (county division codes) of the user's orgs."""
    return sorted(set(visible_orgs(request.user).values_list("region", flat=True)) - {""})


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(OrgScopedAdmin):
    org_fields = ()  # scoped by region code, see ``scope_q``
    list_display = ["date", "kind", "name", "region_code", "updated_at"]
    list_filter = ["kind", "region_code"]
    search_fields = ["name", "region_code", "note"]
    date_hierarchy = "date"
    ordering = ["-date", "region_code"]
    readonly_fields = ["created_at", "updated_at"]

    def scope_q(self, request: HttpRequest) -> Q:
        return Q(region_code="") | Q(region_code__in=regions_of(request))

    def _own(self, request: HttpRequest, obj: Any) -> bool:
        return obj is None or is_superuser(request) or obj.region_code in regions_of(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._own(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._own(request, obj)

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "region_code" and not is_superuser(request):
            # A region, not a free code: only the counties of the user's orgs, never the national calendar.
            return forms.ChoiceField(
                label=db_field.verbose_name,
                choices=[(code, code) for code in regions_of(request)],
                error_messages={"invalid_choice": OUT_OF_SCOPE_CHOICE},
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def check_scope(self, request: HttpRequest, form: forms.ModelForm) -> None:
        if is_superuser(request) or "region_code" not in form.fields:
            return
        if form.cleaned_data.get("region_code", form.instance.region_code) not in regions_of(request):
            if "region_code" not in form.errors:
                form.add_error("region_code", OUT_OF_SCOPE_CHOICE)
