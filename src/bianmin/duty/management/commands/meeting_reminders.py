"""``bianmin meeting_reminders``: record today's reminders of upcoming meetings and training (例会/培训).

Run it every working morning from cron (e.g. ``30 7 * * 1-6  bianmin meeting_reminders``). Each staff
member of a meeting's center gets one reminder, ``MEETING_REMINDER_WORKDAYS`` working days before it;
re-running records nothing twice. The home page lists upcoming meetings live, so nothing is missed on a day
the command did not run — it only marks who has been reminded.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from bianmin.duty.actions import send_meeting_reminders


class Command(BaseCommand):
    help = "记录例会与培训的提醒（会前若干个工作日；可重复运行，不重复提醒）"

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        recorded = send_meeting_reminders(today=timezone.localdate(now), now=now)
        self.stdout.write(f"reminders recorded: {recorded}")
