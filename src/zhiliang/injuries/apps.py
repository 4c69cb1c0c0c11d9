from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InjuriesConfig(AppConfig):
    name = "zhiliang.injuries"
    label = "injuries"
    verbose_name = _("Product injury surveillance")

    def ready(self):
        from zhiliang.imports.registry import register
        from zhiliang.injuries.importers import CASE_IMPORT

        register(CASE_IMPORT)
