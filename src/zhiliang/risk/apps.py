from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "zhiliang.risk"
    label = "risk"
    verbose_name = _("Risk monitoring")

    def ready(self):
        from zhiliang.imports.registry import register
        from zhiliang.risk.importers import RISK_INFORMATION_IMPORT

        register(RISK_INFORMATION_IMPORT)
