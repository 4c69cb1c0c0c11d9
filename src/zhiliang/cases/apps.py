from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "zhiliang.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from zhiliang.cases.foreign_importers import FOREIGN_IMPORT
        from zhiliang.cases.importers import ACCIDENT_IMPORT
        from zhiliang.cases.recall_importers import RECALL_IMPORT
        from zhiliang.cases.supervised_importers import SUPERVISED_IMPORT
        from zhiliang.imports.registry import register

        register(ACCIDENT_IMPORT)
        register(RECALL_IMPORT)
        register(FOREIGN_IMPORT)
        register(SUPERVISED_IMPORT)
