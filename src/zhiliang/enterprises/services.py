"""Writes to the enterprise registry: rights, then the rules (`Enterprise.clean()` and
`enterprise_validate`), then the save with its history."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.bulk import insert_rows
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


def enterprise_bulk_create(*, actor, rows: list[dict]) -> int:
    """Insert rows the importer checked (`enterprise_validate`, values as the database takes
    them: ids, ISO dates) with their history rows, all or nothing.

    100,000 rows: COPY (PostgreSQL) or one prepared executemany (SQLite) for the
    enterprises, then their history rows copied from them by INSERT … SELECT in the
    database — what `bulk_create_with_history` writes, without preparing 200,000 objects
    field by field in Python."""
    require_perm(actor, "enterprises.add_enterprise")
    now = timezone.now()
    fields = [f for f in Enterprise._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: _default(f, now) for f in fields}
    names = [f.attname for f in fields]
    with transaction.atomic():
        insert_rows(
            Enterprise._meta.db_table,
            [f.column for f in fields],
            (tuple(_db(row.get(n, defaults[n])) for n in names) for row in rows),
        )
        _history_of(
            [row["uscc"] for row in rows],
            user_id=actor.pk,
            when=connection.ops.adapt_datetimefield_value(now),
        )
    return len(rows)


def _default(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return field.get_db_prep_save(now, connection)
    value = field.get_db_prep_save(field.get_default(), connection)
    return str(value) if isinstance(value, str) else value  # a choice member as plain text


def _db(value):
    """A checked value as the database takes it: text, numbers and None as they are; a
    date (from a caller that passes objects) as ISO text."""
    if value is None or isinstance(value, str | int | float):
        return value
    return value.isoformat()


HISTORY_CHUNK = 900  # USCCs per statement on SQLite (statements take at most 999 parameters)


def _history_of(usccs: list[str], *, user_id, when) -> None:
    """A creation version ("+", reason "import", by the importer) of each enterprise named,
    copied from the rows just written."""
    history = Enterprise.history.model
    own = {f.attname: f.column for f in Enterprise._meta.concrete_fields}
    copied = [f.column for f in history._meta.concrete_fields if f.attname in own]
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(history._meta.db_table)} ("
        + ", ".join(quote(c) for c in copied)
        + ", history_date, history_change_reason, history_type, history_user_id) SELECT "
        + ", ".join(quote(c) for c in copied)
        + f", %s, %s, %s, %s FROM {quote(Enterprise._meta.db_table)} WHERE uscc "
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(head + "= ANY(%s) ORDER BY id", [when, "import", "+", user_id, usccs])
            return
        for start in range(0, len(usccs), HISTORY_CHUNK):
            chunk = usccs[start : start + HISTORY_CHUNK]
            cursor.execute(
                head + f"IN ({', '.join(['%s'] * len(chunk))}) ORDER BY id",
                [when, "import", "+", user_id, *chunk],
            )
