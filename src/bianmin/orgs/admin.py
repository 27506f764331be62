from django.contrib import admin

from bianmin.orgs.models import OfficeHours, Org, Staff, Window, WindowPost
from bianmin.orgs.selectors import visible_orgs


class ScopedAdmin(admin.ModelAdmin):
    """Admin lists limited to the orgs the user may see (superusers see everything)."""

    org_field = "org"

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.org_field}__in": visible_orgs(request.user)})


class OfficeHoursInline(admin.TabularInline):
    model = OfficeHours
    extra = 0


class WindowPostInline(admin.TabularInline):
    model = WindowPost
    extra = 0
    autocomplete_fields = ["staff"]


@admin.register(Org)
class OrgAdmin(ScopedAdmin):
    org_field = "id"
    list_display = ["name", "code", "kind", "parent", "phone", "supervision_phone"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "address"]
    inlines = [OfficeHoursInline]
    autocomplete_fields = ["parent"]


@admin.register(Window)
class WindowAdmin(ScopedAdmin):
    list_display = ["number", "name", "code", "org", "departments", "active"]
    list_filter = ["org", "active"]
    search_fields = ["name", "code", "departments"]
    inlines = [WindowPostInline]


@admin.register(Staff)
class StaffAdmin(ScopedAdmin):
    list_display = ["name", "org", "position", "phone", "whereabouts"]
    list_filter = ["org", "whereabouts"]
    search_fields = ["name", "phone", "user__username"]
    inlines = [WindowPostInline]
    autocomplete_fields = ["user"]


@admin.register(WindowPost)
class WindowPostAdmin(ScopedAdmin):
    org_field = "window__org"
    list_display = ["window", "post", "staff"]
    list_filter = ["post", "window__org"]
    search_fields = ["staff__name", "window__name"]
