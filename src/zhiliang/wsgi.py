import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiliang.settings")
application = get_wsgi_application()

# Refuse to serve when stored personal data cannot be decrypted with the configured keys
# (gunicorn then exits with the message in the journal); the worker runs the same check.
from zhiliang.core.checks import refuse_unreadable_data  # noqa: E402

refuse_unreadable_data()

# gunicorn --preload runs this module once in the master and forks the workers from it: the
# check's database connection must not be inherited (and shared) by them.
from django.db import connections  # noqa: E402

connections.close_all()
