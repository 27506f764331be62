import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bianmin.orgs.models import Org, OrgKind
from bianmin.submissions.actions import record_reminders


class Command(BaseCommand):
    help = (
        "Record one reminder per (center or station, report due, day) for every report not yet submitted "
        "and due within REPORT_REMIND_WORKDAYS working days, for a notifier to send. Idempotent per day."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--date", help="YYYY-MM-DD (default: today); a morning of that day")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        now = timezone.now()
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("日期格式应为 YYYY-MM-DD") from exc
            now = timezone.make_aware(dt.datetime.combine(day, dt.time(8)))
        orgs = list(Org.objects.filter(kind__in=(OrgKind.TOWN, OrgKind.VILLAGE)).select_related("parent"))
        added = record_reminders(orgs, now=now)
        self.stdout.write(f"{timezone.localdate(now)}: {added} reminder(s) recorded")
