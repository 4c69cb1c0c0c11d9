from datetime import datetime

from django.conf import settings
from django.utils import timezone

from zhiliang.core.models import ApiToken, PasswordReset, User

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


def api_tokens_of(*, user: User):
    """The user's own tokens, newest first (expired ones are refused and shown as such)."""
    return ApiToken.objects.filter(user=user)


def password_reset_last_approved(*, user: User) -> PasswordReset | None:
    return (
        PasswordReset.objects.filter(user=user, status=PasswordReset.Status.APPROVED)
        .select_related("requested_by", "decided_by")
        .order_by("-decided_at")
        .first()
    )
