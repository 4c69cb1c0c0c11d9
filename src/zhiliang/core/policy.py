"""Security figures set by policy (等级保护 practice), kept in one place."""

from datetime import timedelta

LOGIN_MAX_FAILURES = 5
LOGIN_LOCK_DURATION = timedelta(minutes=15)
