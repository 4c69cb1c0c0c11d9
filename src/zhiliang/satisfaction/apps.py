from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatisfactionConfig(AppConfig):
    name = "zhiliang.satisfaction"
    label = "satisfaction"
    verbose_name = _("Customer satisfaction")

    def ready(self):
        from zhiliang.imports.registry import register
        from zhiliang.satisfaction.importers import RESPONSE_IMPORT

        register(RESPONSE_IMPORT)

        from zhiliang.indicators.engine import AFTER_WRITE
        from zhiliang.satisfaction.figures import annotate_values

        if annotate_values not in AFTER_WRITE:
            AFTER_WRITE.append(annotate_values)
