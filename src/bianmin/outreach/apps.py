from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "bianmin.outreach"
    verbose_name = _("赶场与上门服务")
