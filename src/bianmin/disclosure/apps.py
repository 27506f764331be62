from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "bianmin.disclosure"
    verbose_name = _("办事结果公开")
