from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EquipmentConfig(AppConfig):
    name = "zhiliang.equipment"
    label = "equipment"
    verbose_name = _("Special equipment")

    def ready(self):
        from zhiliang.equipment.importers import INSPECTION_IMPORT, OPERATOR_IMPORT, UNIT_IMPORT
        from zhiliang.imports.registry import register

        register(UNIT_IMPORT)
        register(INSPECTION_IMPORT)
        register(OPERATOR_IMPORT)
