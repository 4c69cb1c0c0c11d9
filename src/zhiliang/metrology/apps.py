from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetrologyConfig(AppConfig):
    name = "zhiliang.metrology"
    label = "metrology"
    verbose_name = _("Metrology supervision")

    def ready(self):
        from zhiliang.imports.registry import register
        from zhiliang.metrology.importers import CHECK_IMPORT

        register(CHECK_IMPORT)
