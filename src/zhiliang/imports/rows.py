"""What the registries' importers share, so that each importer stays a declaration: the
whole file's look-ups in chunks, the checked rows turned back into what the services take,
the re-check at commit of keys registered since the preview, and the example row's pieces."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import DateField, DateTimeField, DecimalField

from zhiliang.enterprises.models import Enterprise

# Keys a query takes at once: SQLite refuses more than 32,766 parameters in a statement.
CHUNK = 5000


def chunked(queryset, field: str, keys, *values) -> list:
    """The records of `queryset` whose `field` is one of `keys` (a query per CHUNK keys),
    or their `values` (one value: flat)."""
    keys = list(keys)
    found = []
    for start in range(0, len(keys), CHUNK):
        part = queryset.filter(**{f"{field}__in": keys[start : start + CHUNK]})
        found += part.values_list(*values, flat=len(values) == 1) if values else part
    return found


def keys_held(queryset, fields: tuple, keys: set, *, by: int = 0) -> set:
    """Which of `keys` (tuples of the `fields`' values) the registry holds, looked up by
    the field `fields[by]` (one that is indexed)."""
    return keys & set(chunked(queryset, fields[by], {k[by] for k in keys}, *fields))


def _typed_fields(model) -> dict:
    fields = {}
    for f in model._meta.fields:
        # A DateTimeField is a DateField too: its text is not a date.
        if isinstance(f, DateField) and not isinstance(f, DateTimeField):
            fields[f.attname] = date.fromisoformat
        elif isinstance(f, DecimalField):
            fields[f.attname] = Decimal
    return fields


def typed_rows(model, rows: list[dict]) -> list[dict]:
    """The checked rows as the service takes them (copies): they come back from JSON with
    the model's dates and amounts as text."""
    convert = _typed_fields(model)
    return [
        {k: convert[k](v) if k in convert and isinstance(v, str) and v else v
         for k, v in row.items()}
        for row in rows
    ]  # fmt: skip


def typed_commit(model, bulk_create):
    """The commit of an importer whose checked rows go as they are to the app's bulk
    service: typed back to `model`'s fields, then `bulk_create(actor=, rows=)`."""

    def commit(actor, rows: list[dict]) -> int:
        return bulk_create(actor=actor, rows=typed_rows(model, rows))

    return commit


def refuse_taken(taken, message) -> None:
    """The commit's re-check: `message` (its %(n)s names the first ten) when any of the
    file's keys were registered since the file was checked."""
    if taken:
        raise ValidationError(message % {"n": ", ".join(sorted(taken)[:10])})


def first_visible_enterprise(user):
    return Enterprise.objects.visible_to(user).order_by("pk").first()


def free_value(candidates: list[str], taken) -> str:
    """The first candidate (an example's number) not taken, for an example row that imports."""
    taken = set(taken)
    return next((c for c in candidates if c not in taken), "")
