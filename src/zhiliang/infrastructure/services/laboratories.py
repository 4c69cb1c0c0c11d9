"""Writes of the testing-body registry, and the rule samples follow: a sample's laboratory
is a registered body whose CMA qualification was valid on the sampling date."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.choices import OrganizationKind
from zhiliang.core.guards import require_managed, require_perm, require_referable
from zhiliang.core.validators import assign, checked
from zhiliang.infrastructure.models import Laboratory, ScopeItem
from zhiliang.infrastructure.services._common import save

FIELDS = (
    "organization", "level", "cma_number", "cma_issued_on", "cma_valid_until", "cnas_number",
    "cnas_valid_until", "parameter_count",
)  # fmt: skip
KINDS = (OrganizationKind.INSPECTION_BODY,)


def laboratory_refusal(organization, day) -> str | None:
    """Why `organization` may not be named as the laboratory of a sample taken on `day`
    (not in the registry, or not qualified that day), or None when it may."""
    if organization is None:
        return None
    lab = getattr(organization, "laboratory", None) if organization.pk else None
    if lab is None:
        lab = Laboratory.objects.filter(organization_id=organization.pk).first()
    if lab is None:
        return _("%(o)s is not in the registry of testing bodies.") % {"o": organization}
    return lab.refusal_on(day) if day else None


def laboratory_validate(*, data: dict, instance: Laboratory | None = None, context=None):
    lab = instance or Laboratory()
    assign(lab, data, FIELDS)
    extra = {}
    org = lab.organization if lab.organization_id else None
    if org is None:
        extra["organization"] = _("Name the inspection body.")
    else:
        lab.region = org.region
        if org.kind not in KINDS:
            extra["organization"] = _("%(o)s is not an inspection body.") % {"o": org}
        elif Laboratory.objects.filter(organization=org).exclude(pk=lab.pk).exists():
            extra["organization"] = _("%(o)s is registered already.") % {"o": org}
    number = (lab.cma_number or "").strip()
    taken = (context or {}).get("cma_taken")
    seen = (
        number in taken
        if taken is not None
        else Laboratory.objects.filter(cma_number=number).exclude(pk=lab.pk).exists()
    )
    if number and seen:
        extra["cma_number"] = _("CMA number %(n)s is registered already.") % {"n": number}
    checked(lab, exclude=["organization"], extra=extra)
    return lab


def laboratory_create(*, actor, data: dict) -> Laboratory:
    require_perm(actor, "infrastructure.add_laboratory")
    require_referable(actor, data.get("organization"), "organization", kinds=KINDS, above=False)
    return save(actor, laboratory_validate(data=data))


def laboratory_update(*, actor, laboratory: Laboratory, data: dict) -> Laboratory:
    require_perm(actor, "infrastructure.change_laboratory")
    require_managed(actor, laboratory)
    data = {k: v for k, v in data.items() if k != "organization"}  # a body stays itself
    lab = save(actor, laboratory_validate(data=data, instance=laboratory))
    lab.scope.exclude(region=lab.region).update(region=lab.region)
    return lab


def laboratory_delete(*, actor, laboratory: Laboratory) -> None:
    require_perm(actor, "infrastructure.delete_laboratory")
    require_managed(actor, laboratory)
    from zhiliang.inspections.models import Sample

    if Sample.objects.filter(laboratory_id=laboratory.organization_id).exists():
        raise ValidationError(_("A body that tested samples stays in the registry."))
    laboratory._history_user = actor
    laboratory.delete()


def scope_validate(*, data: dict, instance: ScopeItem | None = None, context=None) -> ScopeItem:
    item = instance or ScopeItem()
    assign(item, data, ("laboratory", "product", "parameter", "method"))
    extra = {}
    if item.laboratory_id is None:
        extra["laboratory"] = _("Name the testing body.")
    else:
        item.region = item.laboratory.region
        key = (item.laboratory_id, item.product, item.parameter)
        taken = (context or {}).get("taken")
        seen = (
            key in taken
            if taken is not None
            else ScopeItem.objects.filter(
                laboratory_id=key[0], product=key[1], parameter=key[2]
            ).exists()
        )
        if seen:
            extra["parameter"] = _("%(p)s of %(r)s is in the scope already.") % {
                "p": item.parameter, "r": item.product,
            }  # fmt: skip
    checked(item, exclude=["laboratory"], extra=extra)
    return item


def scope_bulk_create(*, actor, rows: list[dict]) -> int:
    """Imported scope parameters (checked by `scope_validate`), with history; all or none."""
    require_perm(actor, "infrastructure.add_scopeitem")
    labs = Laboratory.objects.managed_by(actor).in_bulk({r["laboratory_id"] for r in rows})
    objs = []
    for row in rows:
        lab = labs.get(row["laboratory_id"])
        if lab is None:
            raise ValidationError(_("A testing body of the sheet lies outside your jurisdiction."))
        objs.append(ScopeItem(**row, region_id=lab.region_id))
    with transaction.atomic():
        bulk_create_with_history(
            objs, ScopeItem, batch_size=2000, default_user=actor, default_change_reason="import"
        )
    return len(objs)
