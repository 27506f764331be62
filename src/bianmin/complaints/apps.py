from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "bianmin.complaints"
    verbose_name = _("效能投诉与意见簿")
