from django.core.management.base import BaseCommand, CommandError

from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Org
from bianmin.submissions.actions import ensure_default_rules
from bianmin.submissions.models import ReportRule


class Command(BaseCommand):
    help = (
        "List a county's reporting rules; with --defaults, add the seeds' reports it lacks (semi-monthly, "
        "monthly, quarterly statistics, the stations' monthly table). Idempotent."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("county", help="division code of the county")
        parser.add_argument("--defaults", action="store_true")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        county = Org.objects.filter(code=options["county"]).first()
        if county is None:
            raise CommandError(f"no org with code {options['county']}")
        if options["defaults"]:
            try:
                added = ensure_default_rules(county)
            except DomainError as e:
                raise CommandError(str(e.message)) from e
            self.stdout.write(f"{county.code}: {added} rule(s) added")
        for rule in ReportRule.objects.filter(county=county).order_by("kind"):
            state = "active" if rule.active else "off"
            self.stdout.write(
                f"{rule.kind:16} {rule.submitter_level:>7} -> {rule.recipient_level:7} "
                f"day {rule.due_day or '-':>2} {state}  {rule.source_text}"
            )
