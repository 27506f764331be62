from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "bianmin.bulletins"
    verbose_name = _("公告与民生信息")
