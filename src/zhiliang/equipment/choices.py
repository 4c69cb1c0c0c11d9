from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitStatus(models.TextChoices):
    IN_USE = "in_use", _("in use (在用)")
    STOPPED = "stopped", _("stopped (停用)")
    SCRAPPED = "scrapped", _("scrapped (报废)")


class DueState(models.TextChoices):
    """Where a unit stands against its next periodic-inspection date (refreshed daily)."""

    OVERDUE = "overdue", _("overdue")
    DUE_SOON = "due_soon", _("due within 30 days")
    OK = "ok", _("not yet due")
    UNKNOWN = "unknown", _("no due date (no rule)")
    INACTIVE = "inactive", _("not in use")


class Conclusion(models.TextChoices):
    PASS = "pass", _("合格")
    PASS_AFTER_RETEST = "pass_retest", _("复检合格")
    FAIL = "fail", _("不合格")


PASSING = (Conclusion.PASS, Conclusion.PASS_AFTER_RETEST)


class GasClass(models.TextChoices):
    CORROSIVE = "corrosive", _("corrosive gas")
    GENERAL = "general", _("general gas")
    INERT = "inert", _("inert gas")
