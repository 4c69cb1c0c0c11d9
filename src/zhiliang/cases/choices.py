from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    ACCIDENT = "accident", _("accident")
    SUPERVISED = "supervised", _("supervised case")
    RECALL = "recall", _("product recall")


class DeadlineState(models.TextChoices):
    OPEN = "open", _("on the clock")
    LATE = "late", _("late")
    MET = "met", _("met")
    MET_LATE = "met_late", _("met late")
