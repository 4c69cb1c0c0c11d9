from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "zhiliang.monitoring"
    label = "monitoring"
    verbose_name = _("Product risk monitoring")

    def ready(self):
        from zhiliang.imports.registry import register
        from zhiliang.monitoring.importers import RESULT_IMPORT

        register(RESULT_IMPORT)
