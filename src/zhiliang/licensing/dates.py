"""Date arithmetic of the registry: validity ends and verification due dates."""

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def next_due(*, verified_on: date, result: str, mode: str, period_months: int | None):
    """When the next verification falls due after this one.

    Periodic and passed: verified_on + period. Failed: due at once (the instrument may not
    be used until repaired and verified again). First-only and passed: never (None).
    """
    if result != "pass":
        return verified_on
    if mode == "periodic" and period_months:
        return add_months(verified_on, period_months)
    return None


def ended_on(*, status: str, expires_on: date, status_changed_on: date | None, today: date):
    """The first day a certificate no longer counts as held."""
    if status in ("suspended", "revoked", "cancelled"):
        day = status_changed_on or today
        return min(day, expires_on + timedelta(days=1))
    return expires_on + timedelta(days=1)
