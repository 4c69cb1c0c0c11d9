"""Writes of adoptions (采标), draftings (制修订) and standardisation pilots."""

from django.utils.translation import gettext as _

from zhiliang.core.guards import require_managed, require_perm, require_referable
from zhiliang.core.validators import assign, checked
from zhiliang.credit.hooks import credit_event
from zhiliang.standards.models import Adoption, Drafting, Pilot
from zhiliang.standards.services.standards import (
    _RELATED,
    _made,
    _require_changeable,
    _save,
)

# -- adoptions -----------------------------------------------------------------------------

ADOPTION_FIELDS = ("standard", "enterprise", "product", "foreign_number", "foreign_body",
                   "degree", "adopted_on")  # fmt: skip


def adoption_validate(*, data: dict, instance: Adoption | None = None, context=None):
    """An adoption by a standard (its region: the standard's) or by an enterprise's product
    (the enterprise's region; the enterprise must make the product)."""
    adoption = instance or Adoption()
    data = dict(data)
    if data.get("foreign_number"):
        data["foreign_number"] = " ".join(data["foreign_number"].split())
    assign(adoption, data, ADOPTION_FIELDS)
    extra = {}
    enterprise = adoption.enterprise if adoption.enterprise_id else None
    product = adoption.product if adoption.product_id else None
    if enterprise is not None:
        adoption.region = enterprise.region
        adoption.made = _made(enterprise, product)
        if product is not None and adoption.made is None:
            extra["product"] = _("%(e)s does not make %(p)s (add it to its products first).") % {
                "e": enterprise.name, "p": product.name}  # fmt: skip
    else:
        adoption.made = None
        adoption.region = adoption.standard.region if adoption.standard_id else None
    checked(adoption, _RELATED, extra)
    return adoption


def adoption_create(*, actor, data: dict) -> Adoption:
    require_perm(actor, "standards.add_adoption")
    require_referable(actor, data.get("enterprise"), "enterprise")
    require_referable(actor, data.get("standard"), "standard")
    return _save(actor, adoption_validate(data=data))


def adoption_update(*, actor, adoption: Adoption, data: dict) -> Adoption:
    require_perm(actor, "standards.change_adoption")
    _require_changeable(actor, adoption)
    require_referable(actor, data.get("enterprise"), "enterprise")
    require_referable(actor, data.get("standard"), "standard")
    return _save(actor, adoption_validate(data=data, instance=adoption))


def adoption_delete(*, actor, adoption: Adoption) -> None:
    require_perm(actor, "standards.delete_adoption")
    _require_changeable(actor, adoption)
    adoption._history_user = actor
    adoption.delete()


# -- draftings -----------------------------------------------------------------------------

DRAFTING_FIELDS = ("standard", "enterprise", "organization_name", "region", "role", "kind")


def drafting_validate(*, data: dict, instance: Drafting | None = None, context=None):
    drafting = instance or Drafting()
    data = dict(data)
    if data.get("enterprise") is not None:
        data["region"] = data["enterprise"].region
    assign(drafting, data, DRAFTING_FIELDS)
    extra = {}
    if drafting.region_id is None:
        extra["region"] = _("Give the region, or the enterprise.")
    if not drafting.standard_id:
        extra["standard"] = _("This field is required.")
    elif drafting.enterprise_id:
        twice = Drafting.objects.filter(standard=drafting.standard, enterprise=drafting.enterprise)
        if twice.exclude(pk=drafting.pk).exists():
            extra["enterprise"] = _("This enterprise's part in the standard is recorded already.")
    checked(drafting, _RELATED, extra)
    return drafting


def drafting_create(*, actor, data: dict) -> Drafting:
    require_perm(actor, "standards.add_drafting")
    require_referable(actor, data.get("enterprise"), "enterprise")
    require_referable(actor, data.get("standard"), "standard")
    drafting = _save(actor, drafting_validate(data=data))
    credit_event(drafting.enterprise_id)  # leading a national standard is a credit record
    return drafting


def drafting_update(*, actor, drafting: Drafting, data: dict) -> Drafting:
    require_perm(actor, "standards.change_drafting")
    require_managed(actor, drafting)
    require_referable(actor, data.get("enterprise"), "enterprise")
    require_referable(actor, data.get("standard"), "standard")
    before = drafting.enterprise_id
    drafting = _save(actor, drafting_validate(data=data, instance=drafting))
    for enterprise_id in {before, drafting.enterprise_id}:
        credit_event(enterprise_id)
    return drafting


def drafting_delete(*, actor, drafting: Drafting) -> None:
    require_perm(actor, "standards.delete_drafting")
    require_managed(actor, drafting)
    drafting._history_user = actor
    drafting.delete()
    credit_event(drafting.enterprise_id)


# -- pilots --------------------------------------------------------------------------------

PILOT_FIELDS = ("name", "level", "kind", "field", "region", "enterprise", "undertaker",
                "starts_on", "ends_on", "status")  # fmt: skip


def pilot_validate(*, data: dict, instance: Pilot | None = None, context=None) -> Pilot:
    pilot = instance or Pilot()
    assign(pilot, data, PILOT_FIELDS)
    extra = {} if pilot.region_id else {"region": _("Give the region of the pilot.")}
    if (
        pilot.enterprise_id
        and pilot.region_id
        and not pilot.region.contains(pilot.enterprise.region)
    ):
        extra["enterprise"] = _("The enterprise lies outside the pilot's region.")
    checked(pilot, _RELATED, extra)
    return pilot


def pilot_create(*, actor, data: dict) -> Pilot:
    require_perm(actor, "standards.add_pilot")
    require_referable(actor, data.get("enterprise"), "enterprise")
    return _save(actor, pilot_validate(data=data))


def pilot_update(*, actor, pilot: Pilot, data: dict) -> Pilot:
    require_perm(actor, "standards.change_pilot")
    require_managed(actor, pilot)
    require_referable(actor, data.get("enterprise"), "enterprise")
    return _save(actor, pilot_validate(data=data, instance=pilot))


def pilot_delete(*, actor, pilot: Pilot) -> None:
    require_perm(actor, "standards.delete_pilot")
    require_managed(actor, pilot)
    pilot._history_user = actor
    pilot.delete()
