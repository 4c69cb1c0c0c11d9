"""The inspector register (执法检查人员名录) and conflicts of interest."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhiliang.core.guards import (
    require_in_jurisdiction,
    require_perm,
    require_referable,
    require_visible,
)
from zhiliang.core.models import Organization
from zhiliang.enterprises.models import Enterprise
from zhiliang.inspections.models import Inspector, InspectorConflict
from zhiliang.inspections.services._common import _save

INSPECTOR_FIELDS = ("name", "organization", "qualifications", "phone", "active")


def inspector_validate(*, data: dict, instance: Inspector | None = None) -> Inspector:
    """`instance` (or a new inspector) with `data` applied (names trimmed), checked."""
    unknown = sorted(set(data) - set(INSPECTOR_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)})
    insp = instance or Inspector()
    for key, value in data.items():
        if key in ("name", "qualifications", "phone"):
            value = (value or "").strip()
        setattr(insp, key, value)
    insp.full_clean()
    return insp


def _inspector_save(insp: Inspector, actor, data: dict) -> Inspector:
    organization = data.get("organization", insp.organization if insp.organization_id else None)
    if organization is not None:
        require_in_jurisdiction(actor, organization.region)
    insp = inspector_validate(data=data, instance=insp)
    insp._history_user = actor
    insp.save()
    return insp


@transaction.atomic
def inspector_create(*, actor, data: dict) -> Inspector:
    require_perm(actor, "inspections.add_inspector")
    return _inspector_save(Inspector(), actor, dict(data))


@transaction.atomic
def inspector_update(*, actor, inspector: Inspector, data: dict) -> Inspector:
    require_perm(actor, "inspections.change_inspector")
    require_visible(actor, inspector)
    return _inspector_save(inspector, actor, dict(data))


@transaction.atomic
def conflict_create(
    *,
    actor,
    inspector: Inspector,
    reason: str,
    enterprise: Enterprise | None = None,
    organization: Organization | None = None,
) -> InspectorConflict:
    require_perm(actor, "inspections.change_inspector")
    require_visible(actor, inspector)
    require_referable(actor, enterprise, "enterprise")
    require_referable(actor, organization, "organization")
    item = InspectorConflict(
        inspector=inspector,
        enterprise=enterprise,
        organization=organization,
        reason=(reason or "").strip(),
    )
    return _save(item, actor)


@transaction.atomic
def conflict_delete(*, actor, conflict: InspectorConflict) -> None:
    require_perm(actor, "inspections.change_inspector")
    require_visible(actor, conflict)
    conflict._history_user = actor
    conflict.delete()
