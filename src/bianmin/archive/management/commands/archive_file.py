"""``bianmin archive_file``: file every archived case not yet in a box (idempotent; the pages file too)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from bianmin.archive import actions


class Command(BaseCommand):
    help = "立卷：把已归档、尚未入盒的办件编入档案盒（可重复运行）"

    def handle(self, *args: Any, **options: Any) -> None:
        filed = actions.file_archived()
        self.stdout.write(f"filed {filed}")
