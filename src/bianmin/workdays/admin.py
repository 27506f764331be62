from django.contrib import admin

from bianmin.workdays.models import CalendarOverride


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "region_code", "updated_at"]
    list_filter = ["kind", "region_code"]
    search_fields = ["name", "region_code", "note"]
    date_hierarchy = "date"
    ordering = ["-date", "region_code"]
    readonly_fields = ["created_at", "updated_at"]
