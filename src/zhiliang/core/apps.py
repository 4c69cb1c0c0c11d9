from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zhiliang.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from zhiliang.core import checks, receivers  # noqa: F401
