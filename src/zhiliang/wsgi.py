import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiliang.settings")
application = get_wsgi_application()

# Refuse to serve when stored personal data cannot be decrypted with the configured keys
# (gunicorn then exits with the message in the journal); the worker runs the same check.
from zhiliang.core.checks import refuse_unreadable_data  # noqa: E402

refuse_unreadable_data()


def warm() -> None:
    """What every worker's first request would otherwise load: the URLconf with every view
    module it imports (~1 s of CPU) and the translation catalogues. Done here, once, in
    gunicorn's master (--preload), a worker that restarts after --max-requests answers at
    once instead of stalling its next request for seconds under load. No database access."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - imports the URLconf and every view
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Home")


warm()
# What the master loaded stays out of the workers' garbage collections: a collection would
# otherwise touch (and so copy, page by page) the whole preloaded heap in every new worker.
gc.collect()
gc.freeze()

# gunicorn --preload runs this module once in the master and forks the workers from it: the
# check's database connection must not be inherited (and shared) by them.
from django.db import connections  # noqa: E402

connections.close_all()
