from django.contrib import admin

from bianmin.catalog.models import JointParticipant, Material, ServiceItem, ServiceItemVersion


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0


class JointParticipantInline(admin.TabularInline):
    model = JointParticipant
    extra = 0


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = ["code", "current", "owner", "active", "created_at"]
    list_filter = ["active", "owner", "current__kind", "current__category"]
    search_fields = ["code", "current__name", "current__pinyin_initials"]
    filter_horizontal = ["enabled_at"]
    readonly_fields = ["current"]


@admin.register(ServiceItemVersion)
class ServiceItemVersionAdmin(admin.ModelAdmin):
    """Versions are read-only once published: a change is a new version (see ``catalog.actions.publish_item``)."""

    list_display = ["name", "item", "version", "kind", "statutory_days", "promised_days", "published_at"]
    list_filter = ["kind", "category", "department", "online_allowed", "proxy_allowed"]
    search_fields = ["name", "item__code", "implementation_code", "pinyin_initials"]
    inlines = [MaterialInline, JointParticipantInline]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
