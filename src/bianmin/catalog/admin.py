"""The catalog in the admin. Published versions are read-only; a change is published as a new version
through ``catalog.actions.publish_item`` from the item's "发布新版本" page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.forms import formset_factory
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from bianmin.catalog.actions import MATERIAL_FIELDS, VERSION_FIELDS, publish_item, version_as_data
from bianmin.catalog.models import JointParticipant, Material, ServiceItem, ServiceItemVersion
from bianmin.lib.errors import DomainError
from bianmin.orgs.admin_scope import OrgScopedAdmin, ScopedInlineMixin, is_superuser, visible_org_ids


class ReadOnlyInline(ScopedInlineMixin, admin.TabularInline):
    extra = 0

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class MaterialInline(ReadOnlyInline):
    model = Material


class JointParticipantInline(ReadOnlyInline):
    model = JointParticipant


class VersionForm(forms.ModelForm):
    change_note = forms.CharField(label=_("变更说明"), max_length=200, required=False)

    class Meta:
        model = ServiceItemVersion
        fields = [f for f in VERSION_FIELDS if f != "window_codes"]

    window_codes = forms.CharField(label=_("受理窗口编码"), help_text=_("多个用逗号分隔，如 MZ,ZH"))


class MaterialForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = MATERIAL_FIELDS


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = JointParticipant
        fields = ["window_code", "task", "days"]


MaterialFormSet = formset_factory(MaterialForm, extra=3, can_delete=True)
ParticipantFormSet = formset_factory(ParticipantForm, extra=2, can_delete=True)


def _rows(formset: Any) -> list[dict[str, Any]]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


@admin.register(ServiceItem)
class ServiceItemAdmin(OrgScopedAdmin):
    """A center sees the items it runs or defines; only the defining county (or above) changes one."""

    org_fields = ("owner", "enabled_at")
    write_org_fields = ("owner",)
    list_display = ["code", "current", "owner", "active", "created_at", "publish_link"]
    list_filter = ["active", "owner", "current__kind", "current__category"]
    search_fields = ["code", "current__name", "current__aliases"]
    filter_horizontal = ["enabled_at"]
    readonly_fields = ["code", "owner", "current"]
    list_select_related = ["current", "owner"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # New items are published (with their first version) through the publish page of the API/actions.
        return False

    def owns(self, request: HttpRequest, item: ServiceItem) -> bool:
        return is_superuser(request) or item.owner_id in visible_org_ids(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or self.owns(request, obj))

    def check_scope(self, request: HttpRequest, form: forms.ModelForm) -> None:
        super().check_scope(request, form)
        item = form.instance
        outside = [
            o for o in form.cleaned_data.get("enabled_at") or [] if not o.path.startswith(item.owner.path)
        ]
        if outside:
            form.add_error("enabled_at", _("只能启用本县的事项"))

    @admin.display(description=_("发布新版本"))
    def publish_link(self, obj: ServiceItem) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:catalog_serviceitem_publish", args=[obj.pk]),
            _("发布新版本"),
        )

    def get_urls(self) -> list:
        return [
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="catalog_serviceitem_publish",
            ),
            *super().get_urls(),
        ]

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Edit a copy of the current version and publish it as the next one; the old one stays as it was."""
        if not request.user.has_perm("catalog.publish_serviceitem"):
            raise PermissionDenied
        item = get_object_or_404(self.get_queryset(request).select_related("current", "owner"), pk=pk)
        if not self.owns(request, item):
            raise PermissionDenied
        current = item.current
        if request.method == "POST":
            form = VersionForm(request.POST)
            materials = MaterialFormSet(request.POST, prefix="m")
            participants = ParticipantFormSet(request.POST, prefix="p")
            if form.is_valid() and materials.is_valid() and participants.is_valid():
                data = {f: form.cleaned_data[f] for f in VERSION_FIELDS if f in form.cleaned_data}
                data["window_codes"] = [
                    c.strip() for c in form.cleaned_data["window_codes"].split(",") if c.strip()
                ]
                try:
                    version = publish_item(
                        owner=item.owner,
                        code=item.code,
                        data=data,
                        materials=_rows(materials),
                        participants=_rows(participants),
                        change_note=form.cleaned_data["change_note"],
                    )
                except DomainError as err:
                    messages.error(request, str(err.message))
                else:
                    messages.success(request, _("已发布第 %(n)s 版") % {"n": version.version})
                    return redirect("admin:catalog_serviceitem_change", item.pk)
        else:
            initial = version_as_data(current) if current else {}
            initial["window_codes"] = ",".join(initial.get("window_codes", []))
            form = VersionForm(initial=initial)
            materials = MaterialFormSet(
                prefix="m",
                initial=[
                    {f: getattr(m, f) for f in MATERIAL_FIELDS}
                    for m in (current.materials.all() if current else [])
                ],
            )
            participants = ParticipantFormSet(
                prefix="p",
                initial=[
                    {"window_code": p.window_code, "task": p.task, "days": p.days}
                    for p in (current.participants.all() if current else [])
                ],
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("发布新版本：%(code)s") % {"code": item.code},
            "item": item,
            "current": current,
            "form": form,
            "materials": materials,
            "participants": participants,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/catalog/publish.html", context)


@admin.register(ServiceItemVersion)
class ServiceItemVersionAdmin(OrgScopedAdmin):
    """Versions are read-only once published: a change is a new version (see ``catalog.actions.publish_item``)."""

    org_fields = ("item__owner", "item__enabled_at")
    list_display = ["name", "item_code", "version", "kind", "statutory_days", "promised_days", "published_at"]
    list_filter = ["kind", "category", "department", "online_allowed", "proxy_allowed"]
    search_fields = ["name", "item__code", "implementation_code", "aliases"]
    inlines = [MaterialInline, JointParticipantInline]
    list_select_related = ["item"]
    field_labels = {"item": _("事项")}

    @admin.display(description=_("基本编码"), ordering="item__code")
    def item_code(self, obj: ServiceItemVersion) -> str:
        return obj.item.code

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
