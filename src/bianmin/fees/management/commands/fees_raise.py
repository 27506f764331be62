"""``bianmin fees_raise``: raise the payables the case ledger requires (an ACCEPT or CONCLUDE step of an item
charged at that step). Idempotent; the collection pages and the API run the same harvest before they read,
so nothing is wrong when cron has not run it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from bianmin.fees import actions


class Command(BaseCommand):
    help = "Raise the payables of the case steps after the stored cursor (统一收费)."

    def handle(self, *args: Any, **options: Any) -> None:
        read = actions.harvest_all()
        self.stdout.write(f"{read} case events read")
