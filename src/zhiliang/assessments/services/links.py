"""Which catalogue indicator measures a plan's target."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhiliang.assessments.models import TargetLink
from zhiliang.core.guards import require_managed, require_perm
from zhiliang.indicators.models import Indicator
from zhiliang.plans.models import Target
from zhiliang.plans.services import target_set_indicator


def targetlink_set(*, actor, target: Target, indicator: Indicator, suggested: bool = False):
    """Confirm the indicator a target is measured by (a new link or a changed one)."""
    existing = TargetLink.objects.filter(target=target).first()
    needed = "assessments.change_targetlink" if existing else "assessments.add_targetlink"
    require_perm(actor, needed)
    # A plan of the level above is read below (任务分解), linked only where it is made.
    require_managed(actor, target)
    if not indicator.active:
        raise ValidationError(_("The indicator %(c)s is not active.") % {"c": indicator.code})
    with transaction.atomic():
        link = existing or TargetLink(target=target)
        link.indicator, link.suggested, link.confirmed_by = indicator, suggested, actor
        link._history_user = actor
        link.save()
        # The plan's own field says the same, for the plans API and board.
        if actor.has_perm("plans.change_target") and target.indicator_code != indicator.code:
            target_set_indicator(actor=actor, target=target, indicator_code=indicator.code)
    return link
