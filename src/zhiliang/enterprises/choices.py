from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("active (存续)")
    OPERATING = "operating", _("operating (在业)")
    REVOKED = "revoked", _("licence revoked (吊销)")
    CANCELLED = "cancelled", _("deregistered (注销)")
    MOVED_OUT = "moved_out", _("moved out (迁出)")


IN_BUSINESS = (EnterpriseStatus.ACTIVE, EnterpriseStatus.OPERATING)


class SizeClass(models.TextChoices):
    LARGE = "large", _("large")
    MEDIUM = "medium", _("medium")
    SMALL = "small", _("small")
    MICRO = "micro", _("micro")


class IndustryLevel(models.IntegerChoices):
    SECTION = 1, _("section (门类)")
    DIVISION = 2, _("division (大类)")


class RiskClass(models.TextChoices):
    """信用风险分类: sets how often an enterprise is drawn for sampling."""

    A = "A", _("A (low risk)")
    B = "B", _("B (normal)")
    C = "C", _("C (raised risk)")
    D = "D", _("D (high risk)")
