from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounterConfig(AppConfig):
    name = "bianmin.counter"
    verbose_name = _("窗口工作台")
