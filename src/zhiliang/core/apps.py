from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zhiliang.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_migrate, pre_migrate

        from zhiliang.core import checks, freshness, receivers  # noqa: F401
        from zhiliang.core.migration_guard import refuse_irreversible_plan

        pre_migrate.connect(refuse_irreversible_plan, sender=self, dispatch_uid="irreversible")
        post_migrate.connect(_fresh_versions, sender=self, dispatch_uid="fresh_versions")
        request_started.connect(freshness.request_started, dispatch_uid="fresh_request")
        request_finished.connect(freshness.request_finished, dispatch_uid="fresh_request")


def _fresh_versions(using, **kwargs):
    """After migrate (and after a test's flush, which empties the versions table): the
    triggers that keep table versions, and no cached figure of what was there before."""
    from django.core.cache import cache

    from zhiliang.core.freshness import install_triggers

    install_triggers(using)
    cache.clear()
