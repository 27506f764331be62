from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "bianmin.fees"
    verbose_name = _("统一收费")
