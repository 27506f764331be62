from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "bianmin.performance"
    verbose_name = _("效能评估考核")
