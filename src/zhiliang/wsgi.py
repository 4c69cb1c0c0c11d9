import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiliang.settings")
application = get_wsgi_application()

# Refuse to serve when stored personal data cannot be decrypted with the configured keys
# (gunicorn then exits with the message in the journal); the worker runs the same check.
from zhiliang.core.checks import refuse_unreadable_data  # noqa: E402

refuse_unreadable_data()
