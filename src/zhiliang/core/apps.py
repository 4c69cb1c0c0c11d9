from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zhiliang.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models.signals import pre_migrate

        from zhiliang.core import checks, receivers  # noqa: F401
        from zhiliang.core.migration_guard import refuse_irreversible_plan

        pre_migrate.connect(refuse_irreversible_plan, sender=self, dispatch_uid="irreversible")
