"""What the licensing services share."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone


def _errors_of(exc: ValidationError) -> dict:
    return dict(exc.error_dict) if hasattr(exc, "error_dict") else {"__all__": exc.error_list}


def _today(today: date | None) -> date:
    return today or timezone.localdate()
