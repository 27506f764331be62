from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_roles(sender, **kwargs) -> None:  # type: ignore[no-untyped-def]
    # Setup, not business logic: the role groups must exist after every migrate.
    from bianmin.orgs.roles import ensure_roles

    ensure_roles(using=kwargs.get("using", "default"))


class OrgsConfig(AppConfig):
    name = "bianmin.orgs"
    verbose_name = _("组织与人员")

    def ready(self) -> None:
        post_migrate.connect(_ensure_roles, dispatch_uid="bianmin.orgs.ensure_roles")
