from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sex(models.TextChoices):
    MALE = "M", pgettext_lazy("sex", "male")
    FEMALE = "F", pgettext_lazy("sex", "female")
    UNKNOWN = "U", pgettext_lazy("sex", "not known")


class Period(models.TextChoices):
    """How estimates and counts are grouped in time."""

    MONTH = "month", _("by month")
    QUARTER = "quarter", _("by quarter")
    YEAR = "year", _("by year")
