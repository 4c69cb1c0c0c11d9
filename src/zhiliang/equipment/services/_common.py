"""What the equipment services share: checking a record with the importer's caches."""

from django.core.exceptions import ValidationError

REVEAL_EVENT = "operator_id_revealed"


def _checked(record, data: dict, context, *, taken, exclude=()) -> None:
    """`record` with `data` applied, checked: its own rules (`clean()`), then the rules that
    need other rows (`taken(record, context)` → {field: message}). Related records were
    looked up by the callers' scoped fields and the importer's caches, and the derived
    fields are the services' to set: Django would check each with a query."""
    for field, value in data.items():
        setattr(record, field, value)
    skip = [f.name for f in record._meta.concrete_fields if f.is_relation or not f.editable]
    errors = {}
    try:
        record.full_clean(
            exclude=[*skip, *exclude], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        errors = dict(exc.error_dict)
    for field, message in taken(record, context or {}).items():
        errors.setdefault(field, [ValidationError(message)])
    if errors:
        raise ValidationError(errors)
