from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "zhiliang.licensing"
    label = "licensing"
    verbose_name = _("Certificates and instruments")
