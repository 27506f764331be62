from django.core.management.base import BaseCommand

from bianmin.cases.actions import recompute_provisional
from bianmin.cases.models import Case, CaseState


class Command(BaseCommand):
    help = "Recompute provisional due dates after a calendar import; each change is recorded on its case."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        ids = Case.objects.filter(due_provisional=True, state__in=CaseState.open_states()).values_list(
            "pk", flat=True
        )
        changed = 0
        for pk in list(ids):
            moved = recompute_provisional(pk)
            if moved:
                changed += 1
                self.stdout.write(f"case {pk}: {moved[0]} → {moved[1]}")
        self.stdout.write(self.style.SUCCESS(f"重新计算完成：{changed} 件办件的承诺办结日已更新"))
