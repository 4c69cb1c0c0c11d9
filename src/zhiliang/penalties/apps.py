from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PenaltiesConfig(AppConfig):
    name = "zhiliang.penalties"
    label = "penalties"
    verbose_name = _("Penalties and abnormal listings")

    def ready(self):
        from zhiliang.imports.registry import register
        from zhiliang.penalties.importers import LISTING_IMPORT, PENALTY_IMPORT

        register(PENALTY_IMPORT)
        register(LISTING_IMPORT)
