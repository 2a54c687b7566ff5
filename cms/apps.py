from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_roles_after_migrate(sender, **kwargs) -> None:
    # Permissions only exist once every app has migrated, which is why roles are not a data
    # migration. This is the one signal we use: a side effect of the migrate command itself.
    from cms.roles import ensure_roles

    ensure_roles()


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")

    def ready(self) -> None:
        post_migrate.connect(_ensure_roles_after_migrate, sender=self, dispatch_uid="cms.ensure_roles")
