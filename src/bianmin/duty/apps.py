from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyConfig(AppConfig):
    name = "bianmin.duty"
    verbose_name = _("值班与例会")
