"""The guards every write path starts from: rights, visibility and jurisdiction.

One place decides what "outside your jurisdiction" looks like to the caller:
- a record the actor may not see is answered exactly as a missing one (Http404, which
  the API and the pages turn into their ordinary "not found"), so that nobody learns
  that something exists elsewhere;
- a region outside the jurisdiction is refused (regions are public reference data);
- a missing right is refused.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NOT_FOUND = gettext_lazy("Not found.")


def require_perm(actor, perm: str) -> None:
    if actor is None or not actor.has_perm(perm):
        raise PermissionDenied(_("You may not do this."))


def may_import(user, permission: str) -> bool:
    """Whether a list page offers its import: the user may import files and add the records
    (`permission`). Here, not in the imports app, so that the core page bases need no app."""
    return user.has_perm("imports.add_importbatch") and user.has_perm(permission)


def require_visible(actor, obj) -> None:
    """`obj` must be in `type(obj).objects.visible_to(actor)`; otherwise "not found"."""
    model = type(obj)
    if obj is None or obj.pk is None:
        raise Http404
    if not model._default_manager.visible_to(actor).filter(pk=obj.pk).exists():
        raise Http404


def require_managed(actor, obj) -> None:
    """`obj` must be one `actor` may change (`managed_by`: within the jurisdiction, where
    `visible_to` reaches further, e.g. a ranking published above); otherwise "not found"."""
    model = type(obj)
    if obj is None or obj.pk is None:
        raise Http404
    if not model._default_manager.managed_by(actor).filter(pk=obj.pk).exists():
        raise Http404


def in_jurisdiction(actor, region) -> bool:
    scope = getattr(actor, "jurisdiction", None)
    return scope is not None and region is not None and scope.contains(region)


def require_in_jurisdiction(actor, region) -> None:
    if not in_jurisdiction(actor, region):
        raise PermissionDenied(_("This region lies outside your jurisdiction."))


def save_in_jurisdiction(actor, record, region=None):
    """Write `record` as `actor`: the region it belongs to (its own `region` unless given)
    must lie inside the actor's jurisdiction, and its history names the actor."""
    require_in_jurisdiction(actor, record.region if region is None else region)
    record._history_user = actor
    record.save()
    return record


def referable(model, actor, kinds=(), above=True):
    """The records of `model` that `actor` may name in a body or a form.

    `Model.objects.visible_to(actor)` — for organisations also those of the regions
    above the jurisdiction (`referable_by`) unless `above` is false — limited to `kinds`
    where the relation needs one (a laboratory is an inspection body, a lead unit a
    department).
    """
    manager = model._default_manager
    queryset = (
        manager.referable_by(actor)
        if above and hasattr(manager, "referable_by")
        else manager.visible_to(actor)
    )
    return queryset.filter(kind__in=kinds) if kinds else queryset


def require_referable(actor, obj, field: str, kinds=(), above=True) -> None:
    """A record named in `field` must be one `actor` may name; otherwise the same
    "not found" as for an id that does not exist."""
    if obj is None:
        return
    if not referable(type(obj), actor, kinds, above).filter(pk=obj.pk).exists():
        raise ValidationError({field: NOT_FOUND})
