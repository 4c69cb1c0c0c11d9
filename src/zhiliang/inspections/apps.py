from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "zhiliang.inspections"
    label = "inspections"
    verbose_name = _("Supervision sampling")

    def ready(self):
        from zhiliang.imports.registry import register
        from zhiliang.inspections.importers import SAMPLE_IMPORT

        register(SAMPLE_IMPORT)
