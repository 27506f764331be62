from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _

from bianmin.cases.checks import public_url_check


class CasesConfig(AppConfig):
    name = "bianmin.cases"
    verbose_name = _("办件")

    def ready(self) -> None:
        checks.register(public_url_check)
