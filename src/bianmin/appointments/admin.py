"""Appointments in the admin, scoped to the user's orgs. Bookings and closures change only through
``appointments.actions`` (the 预约 pages and the API), so their admins are read-only; a center's booking
settings (slot length, places) are edited here by its director."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bianmin.appointments.models import Appointment, AppointmentEvent, BookingSettings, SlotClosure
from bianmin.lib.identity import mask_id, mask_phone
from bianmin.orgs.admin_scope import OrgScopedAdmin


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EventInline(_ReadOnly, admin.TabularInline):
    model = AppointmentEvent
    fields = ["at", "kind", "actor", "note"]
    readonly_fields = ("at", "kind", "actor", "note")
    extra = 0


@admin.register(Appointment)
class AppointmentAdmin(_ReadOnly, OrgScopedAdmin):
    list_display = ["code", "date", "start", "window", "item_name", "person_name", "state", "channel", "org"]
    list_filter = ["state", "channel", "org"]
    date_hierarchy = "date"
    search_fields = ["code"]
    list_select_related = ["org", "window"]
    # The person only masked, on the row page too.
    exclude = ["name", "phone", "id_number"]
    readonly_fields = ["person_name", "masked_phone", "masked_id"]
    inlines = [EventInline]

    @admin.display(description=Appointment._meta.get_field("name").verbose_name)
    def person_name(self, obj: Appointment) -> str:
        return obj.name

    @admin.display(description=Appointment._meta.get_field("phone").verbose_name)
    def masked_phone(self, obj: Appointment) -> str:
        return mask_phone(obj.phone)

    @admin.display(description=Appointment._meta.get_field("id_number").verbose_name)
    def masked_id(self, obj: Appointment) -> str:
        return mask_id(obj.id_number)


@admin.register(SlotClosure)
class SlotClosureAdmin(_ReadOnly, OrgScopedAdmin):
    list_display = ["date", "start", "window", "reason", "org", "closed_by"]
    list_filter = ["org"]
    date_hierarchy = "date"
    list_select_related = ["org", "window", "closed_by"]


@admin.register(BookingSettings)
class BookingSettingsAdmin(OrgScopedAdmin):
    list_display = ["org", "slot_minutes", "capacity", "days_ahead", "checkin_early_minutes"]
    list_select_related = ["org"]
