from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "zhiliang.licensing"
    label = "licensing"
    verbose_name = _("Certificates and instruments")

    def ready(self):
        from zhiliang.imports.registry import register
        from zhiliang.licensing.importers import CERTIFICATE_IMPORT, INSTRUMENT_IMPORT

        register(CERTIFICATE_IMPORT)
        register(INSTRUMENT_IMPORT)
