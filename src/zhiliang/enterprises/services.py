"""Writes to the enterprise registry. Validation is the serializer's; rights are checked here."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from zhiliang.enterprises.models import Enterprise


def _require(actor, perm: str) -> None:
    if actor is None or not actor.has_perm(perm):
        raise PermissionDenied


def enterprise_create(*, actor, data: dict) -> Enterprise:
    _require(actor, "enterprises.add_enterprise")
    enterprise = Enterprise(**data)
    enterprise._history_user = actor
    enterprise.save()
    return enterprise


def enterprise_update(*, actor, enterprise: Enterprise, data: dict) -> Enterprise:
    _require(actor, "enterprises.change_enterprise")
    if not Enterprise.objects.visible_to(actor).filter(pk=enterprise.pk).exists():
        raise PermissionDenied
    for field, value in data.items():
        setattr(enterprise, field, value)
    enterprise._history_user = actor
    enterprise.save()
    return enterprise


def enterprise_delete(*, actor, enterprise: Enterprise) -> None:
    _require(actor, "enterprises.delete_enterprise")
    if not Enterprise.objects.visible_to(actor).filter(pk=enterprise.pk).exists():
        raise PermissionDenied
    enterprise._history_user = actor
    enterprise.delete()


def enterprise_bulk_create(*, actor, rows: list[dict], batch_size: int = 2000) -> int:
    """Insert validated rows with their history records, all or nothing."""
    _require(actor, "enterprises.add_enterprise")
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
