from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bianmin.cases.audit import audit_ledger


class Command(BaseCommand):
    help = (
        "Check every case's event chain and case row, every notice and every daily seal (root, chain tails, "
        "signature). Lists every problem with its kind; exits non-zero when there is any."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        report = audit_ledger()
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            kinds = Counter(p.kind.value for p in report.problems)
            summary = "，".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
            raise CommandError(
                _("审计发现 %(count)d 个问题（%(kinds)s）")
                % {"count": len(report.problems), "kinds": summary}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "审计链完整：已核验 %(cases)d 件办件（%(events)d 个环节）、%(notices)d 份文书、%(seals)d 个日封存"
                )
                % {
                    "cases": report.cases,
                    "events": report.events,
                    "notices": report.notices,
                    "seals": report.seals,
                }
            )
        )
