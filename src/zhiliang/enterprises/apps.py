from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "zhiliang.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self):
        from zhiliang.enterprises.importers import ENTERPRISE_IMPORT
        from zhiliang.imports.registry import register

        register(ENTERPRISE_IMPORT)
