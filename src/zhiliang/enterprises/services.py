"""Writes to the enterprise registry: rights, then the rules (`Enterprise.clean()` and
`enterprise_validate`), then the save with its history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.guards import require_in_jurisdiction, require_perm, require_visible
from zhiliang.enterprises.models import Enterprise

# Looked up by the callers' scoped fields already; Django would check each with a query.
_LOOKED_UP = ["region", "industry"]


def enterprise_validate(*, data: dict, instance: Enterprise | None = None, context=None):
    """`instance` (or a new enterprise) with `data` applied, checked: its own rules and the
    USCC not taken by another. `context` may carry the importer's `taken_usccs`."""
    enterprise = instance or Enterprise()
    for field, value in data.items():
        setattr(enterprise, field, value)
    errors = {}
    try:
        enterprise.full_clean(exclude=_LOOKED_UP, validate_unique=False)
    except ValidationError as exc:
        errors = exc.error_dict
    if "uscc" not in errors and _uscc_taken(enterprise, context):
        errors["uscc"] = [
            ValidationError(
                _("An enterprise with USCC %(c)s is already registered.") % {"c": enterprise.uscc}
            )
        ]
    if errors:
        raise ValidationError(errors)
    return enterprise


def _uscc_taken(enterprise: Enterprise, context) -> bool:
    taken = (context or {}).get("taken_usccs")
    if taken is not None:
        return enterprise.uscc in taken
    return Enterprise.objects.filter(uscc=enterprise.uscc).exclude(pk=enterprise.pk).exists()


def enterprise_create(*, actor, data: dict) -> Enterprise:
    require_perm(actor, "enterprises.add_enterprise")
    enterprise = enterprise_validate(data=data)
    require_in_jurisdiction(actor, enterprise.region)
    enterprise._history_user = actor
    enterprise.save()
    return enterprise


def enterprise_update(*, actor, enterprise: Enterprise, data: dict) -> Enterprise:
    require_perm(actor, "enterprises.change_enterprise")
    require_visible(actor, enterprise)
    enterprise = enterprise_validate(data=data, instance=enterprise)
    require_in_jurisdiction(actor, enterprise.region)
    enterprise._history_user = actor
    enterprise.save()
    return enterprise


def enterprise_delete(*, actor, enterprise: Enterprise) -> None:
    require_perm(actor, "enterprises.delete_enterprise")
    require_visible(actor, enterprise)
    enterprise._history_user = actor
    enterprise.delete()


def enterprise_bulk_create(*, actor, rows: list[dict], batch_size: int = 2000) -> int:
    """Insert rows the importer checked (`enterprise_validate`) with their history, all or
    nothing."""
    require_perm(actor, "enterprises.add_enterprise")
    with transaction.atomic():
        objs = [Enterprise(**row) for row in rows]
        bulk_create_with_history(
            objs,
            Enterprise,
            batch_size=batch_size,
            default_user=actor,
            default_change_reason="import",
        )
    return len(rows)
