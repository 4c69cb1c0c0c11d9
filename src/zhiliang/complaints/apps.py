from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "zhiliang.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from zhiliang.complaints.importers import COMPLAINT_IMPORT
        from zhiliang.imports.registry import register

        register(COMPLAINT_IMPORT)
