"""Warnings: internal alerts, consumer risk warnings (draft → published) and risk notices."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.guards import require_in_jurisdiction, require_managed, require_perm
from zhiliang.core.validators import errors_of
from zhiliang.earlywarning.choices import WarningKind, WarningStatus
from zhiliang.earlywarning.models import RiskWarning
from zhiliang.earlywarning.services._common import check_referable, check_visible, save

FIELDS = ("kind", "assessment", "region", "product", "hazard", "title", "text", "advice")


def warning_create(*, actor, data: dict) -> RiskWarning:
    """A draft warning of the actor's jurisdiction; a risk notice names its enterprises."""
    require_perm(actor, "earlywarning.add_riskwarning")
    data = dict(data)
    enterprises = list(data.pop("enterprises", []) or [])
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)})
    check_visible(actor, data.get("assessment"))
    check_referable(actor, enterprises, "enterprises")
    item = RiskWarning(created_by=actor, **data)
    errors = {}
    try:
        item.full_clean(exclude=["assessment", "region", "product", "created_by"])
    except ValidationError as exc:
        errors = errors_of(exc)
    if item.region_id is None:
        errors["region"] = [_("Give the region.")]
    if item.product_id is None:
        errors["product"] = [_("Give the product of the catalogue.")]
    if item.kind == WarningKind.NOTICE and not enterprises:
        errors["enterprises"] = [_("A risk notice names the enterprises it goes to.")]
    if errors:
        raise ValidationError(errors)
    require_in_jurisdiction(actor, item.region)
    with transaction.atomic():
        save(item, actor)
        item.enterprises.set(enterprises)
    return item


def warning_publish(*, actor, warning: RiskWarning, on=None) -> RiskWarning:
    """Draft → published: an alert reaches the inspectors' home page, a consumer warning
    the public pages, a notice may be handed out."""
    require_perm(actor, "earlywarning.change_riskwarning")
    require_managed(actor, warning)
    if warning.status != WarningStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    warning.status = WarningStatus.PUBLISHED
    warning.published_on = on or timezone.localdate()
    return save(warning, actor)


def warning_withdraw(*, actor, warning: RiskWarning) -> RiskWarning:
    require_perm(actor, "earlywarning.change_riskwarning")
    require_managed(actor, warning)
    if warning.status == WarningStatus.WITHDRAWN:
        raise ValidationError(_("This warning was withdrawn already."))
    warning.status = WarningStatus.WITHDRAWN
    return save(warning, actor)
