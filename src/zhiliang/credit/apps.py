from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "zhiliang.credit"
    label = "credit"
    verbose_name = _("Quality credit")
