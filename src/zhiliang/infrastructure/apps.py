from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfrastructureConfig(AppConfig):
    name = "zhiliang.infrastructure"
    label = "infrastructure"
    verbose_name = _("Quality infrastructure")

    def ready(self):
        from zhiliang.imports.registry import register
        from zhiliang.infrastructure.importers import IMPORTS

        for spec in IMPORTS:
            register(spec)
