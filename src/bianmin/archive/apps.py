from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "bianmin.archive"
    verbose_name = _("档案管理")
