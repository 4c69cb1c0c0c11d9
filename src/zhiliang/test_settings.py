"""Settings for the test suite: a scratch home directory and background jobs run inline."""

import os
import tempfile

os.environ.setdefault("ZHILIANG_HOME", tempfile.mkdtemp(prefix="zhiliang-test-"))
os.environ.setdefault("ZHILIANG_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from zhiliang.settings import *  # noqa: E402, F403
from zhiliang.settings import STATIC_ROOT  # noqa: E402

STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Hashing at full strength makes every login in the suite slow; tests need no secrecy.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The flush after a transactional test truncates only the tables holding rows (see there).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "zhiliang.core.testing.postgresql"  # noqa: F405
