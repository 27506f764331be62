from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueueConfig(AppConfig):
    name = "bianmin.queue"
    label = "queue"
    verbose_name = _("排队叫号")
