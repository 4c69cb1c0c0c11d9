from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "zhiliang.recognition"
    label = "recognition"
    verbose_name = _("Recognition: awards, brands, credit grades, standardisation")

    def ready(self):
        from zhiliang.recognition.credit_source import plug

        plug()

        from zhiliang.imports.registry import register
        from zhiliang.recognition.importers import HOLDER_IMPORT

        register(HOLDER_IMPORT)
