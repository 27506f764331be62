"""Orgs, windows and staff in the admin, each limited to the user's orgs (``admin_scope``).

A user's own center — its place in the tree, its code and kind — and their own staff record's center are
set from above: a director who could move them could read another center's cases.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from bianmin.lib.identity import mask_phone
from bianmin.orgs.admin_scope import (
    OrgScopedAdmin,
    ScopedInlineMixin,
    SuperuserOnlyAdmin,
    is_superuser,
    own_org_id,
)
from bianmin.orgs.models import OfficeHours, Org, Staff, Window, WindowPost

admin.site.site_header = _("便民服务中心管理")
admin.site.site_title = _("便民服务中心管理")
admin.site.index_title = _("管理首页")

User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class BianminUserAdmin(SuperuserOnlyAdmin, UserAdmin):
    pass


@admin.register(Group)
class BianminGroupAdmin(SuperuserOnlyAdmin, GroupAdmin):
    pass


class OfficeHoursInline(ScopedInlineMixin, admin.TabularInline):
    model = OfficeHours
    extra = 0


class WindowPostInline(ScopedInlineMixin, admin.TabularInline):
    model = WindowPost
    extra = 0
    autocomplete_fields = ["staff"]
    write_org_fields = ("window__org", "staff__org")


@admin.register(Org)
class OrgAdmin(OrgScopedAdmin):
    org_fields = ("pk",)
    write_org_fields = ("parent",)
    list_display = ["name", "code", "kind", "parent", "phone", "supervision_phone"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "address"]
    inlines = [OfficeHoursInline]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not is_superuser(request) and obj.pk == own_org_id(request):
            readonly += ["parent", "kind", "code"]
        return readonly

    def check_scope(self, request: HttpRequest, form: forms.ModelForm) -> None:
        super().check_scope(request, form)
        if is_superuser(request) or "parent" not in form.fields:
            return
        parent = form.cleaned_data.get("parent")
        if parent is None:
            if "parent" not in form.errors:
                form.add_error("parent", _("请选择上级组织"))
        elif form.instance.pk and parent.path.startswith(form.instance.path):
            form.add_error("parent", _("上级不能是本组织或其下级"))


@admin.register(Window)
class WindowAdmin(OrgScopedAdmin):
    list_display = ["number", "name", "code", "org", "departments", "active"]
    list_filter = ["org", "active"]
    search_fields = ["name", "code", "departments"]
    inlines = [WindowPostInline]


@admin.register(Staff)
class StaffAdmin(OrgScopedAdmin):
    list_display = ["name", "org", "position", "masked_phone", "whereabouts"]
    list_filter = ["org", "whereabouts"]
    search_fields = ["name", "phone", "user__username"]
    inlines = [WindowPostInline]
    list_select_related = ["org"]
    field_labels = {"user": _("登录账号")}

    @admin.display(description=_("电话"), ordering="phone")
    def masked_phone(self, obj: Staff) -> str:
        return mask_phone(obj.phone)

    def get_autocomplete_fields(self, request: HttpRequest) -> Any:
        # Only superusers may look accounts up; others pick from the short list below.
        return ["user"] if is_superuser(request) else []

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not is_superuser(request):
            # Re-pointing a record at another account would hand that account this center's rights.
            readonly.append("user")
            if obj.user_id == request.user.pk:
                readonly.append("org")
        return readonly

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user" and not is_superuser(request):
            # A new staff record may only take an account no center holds yet, and never a superuser's.
            kwargs["queryset"] = User._default_manager.filter(staff__isnull=True, is_superuser=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(WindowPost)
class WindowPostAdmin(OrgScopedAdmin):
    org_fields = ("window__org",)
    write_org_fields = ("window__org", "staff__org")
    list_display = ["window", "post", "staff"]
    list_filter = ["post", "window__org"]
    search_fields = ["staff__name", "window__name"]
    list_select_related = ["window", "staff"]
