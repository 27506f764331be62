from django.contrib import admin

from bianmin.feedback.models import Rating


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["case", "level", "channel", "org", "window", "handler", "created_at"]
    list_filter = ["level", "channel", "org"]
    search_fields = ["case__number", "comment"]
    date_hierarchy = "created_at"
    readonly_fields = ["case", "org", "window", "handler", "level", "comment", "channel", "created_at"]
