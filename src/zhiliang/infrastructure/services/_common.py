from django.core.exceptions import ValidationError

from zhiliang.core.guards import require_in_jurisdiction


def apply(obj, data: dict, fields) -> None:
    for field, value in data.items():
        if field in fields:
            setattr(obj, field, value)


def checked(obj, exclude=(), extra=None) -> None:
    """The record's own rules (`clean()`) and the services' (`extra`), told together."""
    errors = {}
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as exc:
        errors = dict(exc.error_dict)
    for k, v in (extra or {}).items():
        errors.setdefault(k, [v])
    if errors:
        raise ValidationError(errors)


def save(actor, obj):
    require_in_jurisdiction(actor, obj.region)
    obj._history_user = actor
    obj.save()
    return obj
