from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class IndicatorKind(models.TextChoices):
    COMPUTED = "computed", _("computed from the registries")
    REPORTED = "reported", _("reported by a department")


class ValueSource(models.TextChoices):
    COMPUTED = "computed", _("computed")
    REPORTED = "reported", _("reported")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("year")
    QUARTER = "quarter", _("quarter")
    MONTH = "month", _("month")
    AYEAR = "ayear", _("assessment year (1 July – 30 June)")


class Publication(models.TextChoices):
    """How a figure estimated from a sample is published (empty: not from a sample)."""

    PUBLISHED = "published", _("published")
    SMALL = "small", _("small sample, for reference")
    WITHHELD = "withheld", _("withheld: too few responses")
