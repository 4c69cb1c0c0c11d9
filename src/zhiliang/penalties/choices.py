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


class SeriousStatus(models.TextChoices):
    """The steps of a serious-violation listing (总局令第44号)."""

    PROPOSED = "proposed", _("proposed (拟列入)")
    NOTIFIED = "notified", _("notified, objection window (已告知)")
    DROPPED = "dropped", _("not listed (不予列入)")
    DECIDED = "decided", _("listing decided (已决定列入)")
    PUBLISHED = "published", _("listed and published (已公示)")
    REMOVAL_APPLIED = "removal_applied", _("early removal applied for (申请提前移出)")
    REMOVED = "removed", _("removed early (提前移出)")
    EXPIRED = "expired", _("removed at the end of the period (期满移出)")


# Listed: the measures apply (from the decision until the removal).
LISTED = (SeriousStatus.DECIDED, SeriousStatus.PUBLISHED, SeriousStatus.REMOVAL_APPLIED)
# On the public list (once published, until the removal).
SHOWN = (SeriousStatus.PUBLISHED, SeriousStatus.REMOVAL_APPLIED)


class RepairStatus(models.TextChoices):
    PENDING = "pending", _("under review (审核中)")
    GRANTED = "granted", _("granted (准予修复)")
    REFUSED = "refused", _("refused (不予修复)")
