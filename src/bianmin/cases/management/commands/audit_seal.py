import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bianmin.cases.audit import seal_day
from bianmin.orgs.models import Org, OrgKind


class Command(BaseCommand):
    help = (
        "Seal each center's events of a day (default: yesterday): root hash, chain tails and a signature "
        "made with the seal key (BIANMIN_SEAL_KEY or the key file). Idempotent: an existing seal is kept."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--date", help="YYYY-MM-DD (default: yesterday)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        now = timezone.now()
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("日期格式应为 YYYY-MM-DD") from exc
        else:
            day = timezone.localdate(now) - dt.timedelta(days=1)
        if day >= timezone.localdate(now):
            raise CommandError("只能封存已经结束的日期")
        for org in Org.objects.exclude(kind=OrgKind.VILLAGE).order_by("path"):
            seal, created = seal_day(org, day, now)
            state = "sealed" if created else "already sealed"
            self.stdout.write(
                f"{org.code} {day} {state}: {seal.event_count} events, {len(seal.tails)} chain tails, "
                f"root {seal.root_hash[:16]}…, key {seal.key_id or '-'}"
            )
