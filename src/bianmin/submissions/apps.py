from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "bianmin.submissions"
    verbose_name = _("报表报送")
