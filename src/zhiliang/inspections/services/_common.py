"""Conversions shared by the sampling services: text from forms, bodies and sheets to
numbers and dates, with a message that names the field; and the one way a record is saved
(validated, with its history author)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _decimal(value, field: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("%(v)s is not a number.") % {"v": value}}) from None


def _int(value, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("%(v)s is not a whole number.") % {"v": value}}) from None


def _date(value, field: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise ValidationError({field: _("%(v)s is not a date.") % {"v": value}}) from None


def _save(obj, actor):
    obj._history_user = actor
    obj.full_clean()
    obj.save()
    return obj
