from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HallConfig(AppConfig):
    name = "bianmin.hall"
    verbose_name = _("网上服务大厅")
