from datetime import datetime

from django.conf import settings
from django.utils import timezone

from zhiliang.core.models import User


def user_locked_until(*, username: str):
    user = User.objects.filter(username=username).only("locked_until").first()
    if user and user.locked_until and user.locked_until > timezone.now():
        return user.locked_until
    return None


DAILY_RUN_FILE = "daily-last-run"


def last_daily_run() -> datetime | None:
    """When `zhiliang daily` last finished every job (aware, UTC), or None if it never did.

    The readiness check reads this: a daily run missed for more than a day means cron is not
    running it (see docs/deploy.md, section 9).
    """
    try:
        text = (settings.HOME / DAILY_RUN_FILE).read_text().strip()
        stamp = datetime.fromisoformat(text)
    except (OSError, ValueError):
        return None
    return stamp if timezone.is_aware(stamp) else None
