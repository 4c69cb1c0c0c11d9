from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "zhiliang.standards"
    label = "standards"
    verbose_name = _("Standards")

    def ready(self):
        from zhiliang.credit.sources import PLUGGED_SOURCES
        from zhiliang.imports.registry import register
        from zhiliang.standards.credit import standard_led
        from zhiliang.standards.importers import APPLIED_IMPORT, STANDARD_IMPORT

        register(STANDARD_IMPORT)
        register(APPLIED_IMPORT)
        # 主导制修订国家、行业标准: a positive credit record of the leading enterprise (#15).
        PLUGGED_SOURCES["standard_led"] = ("standards.drafting", standard_led)
