"""What the licensing services share."""

from datetime import date

from django.utils import timezone


def _today(today: date | None) -> date:
    return today or timezone.localdate()
