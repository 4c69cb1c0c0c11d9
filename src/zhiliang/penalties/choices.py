from django.db import models
from django.utils.translation import gettext_lazy as _


class PenaltyStatus(models.TextChoices):
    """Where a decision stands; all but 生效 take it off public pages (总局令第45号)."""

    IN_FORCE = "in_force", _("in force (生效)")
    CHANGED = "changed", _("changed (变更)")
    OVERTURNED = "overturned", _("overturned (撤销)")
    CONFIRMED_ILLEGAL = "illegal", _("confirmed illegal (确认违法)")
    VOID = "void", _("confirmed void (确认无效)")


ENDED = (
    PenaltyStatus.CHANGED,
    PenaltyStatus.OVERTURNED,
    PenaltyStatus.CONFIRMED_ILLEGAL,
    PenaltyStatus.VOID,
)
