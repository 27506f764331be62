"""Published disclosures (办结公告存档) in the admin: read-only, scoped to the user's orgs like every admin.

A snapshot is what the people were shown for a quarter; it is written only by ``disclosure_publish``
(``actions.publish_quarter``) and never changed, so the admin neither adds, edits nor deletes. Its rows hold
nothing personal beyond the masked name, the same as the public page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bianmin.disclosure.models import Disclosure
from bianmin.orgs.admin_scope import OrgScopedAdmin


@admin.register(Disclosure)
class DisclosureAdmin(OrgScopedAdmin):
    list_display = ["quarter", "org", "row_count", "published_at"]
    list_filter = ["quarter", "org"]
    list_select_related = ["org"]
    fields = readonly_fields = (
        "org",
        "quarter",
        "first_day",
        "last_day",
        "row_count",
        "published_at",
        "figures",
        "rows",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
