from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "bianmin.consultations"
    verbose_name = _("咨询登记")
