from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zhiliang.core.guards import in_jurisdiction, require_referable, require_visible


def save(obj, actor):
    obj._history_user = actor
    obj.save()
    return obj


def check_regions(actor, regions, field: str = "regions") -> None:
    """Every region named must lie in the actor's jurisdiction (regions are public, so the
    refusal may say why)."""
    outside = [r.name for r in regions if not in_jurisdiction(actor, r)]
    if outside:
        raise ValidationError(
            {field: _("Outside your jurisdiction: %(r)s.") % {"r": "、".join(outside)}}
        )


def check_referable(actor, records, field: str) -> None:
    for record in records:
        require_referable(actor, record, field)


def check_visible(actor, record) -> None:
    if record is not None:
        require_visible(actor, record)
