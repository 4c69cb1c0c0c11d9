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
