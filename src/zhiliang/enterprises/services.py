"""Writes to the enterprise registry: rights, then the rules (`Enterprise.clean()` and
`enterprise_validate`), then the save with its history.

The chief quality officer and training date on the record are a summary of the
infrastructure app's appointments and trainings: given here (admin, API, import) they are
written as that history by its services, and the summary follows it."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import DateField
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.bulk import history_copy, insert_from_json, insert_rows
from zhiliang.core.guards import require_in_jurisdiction, require_perm, require_visible
from zhiliang.enterprises.models import Enterprise

# Looked up by the callers' scoped fields already; Django would check each with a query.
_LOOKED_UP = ["region", "industry"]
CQO_FIELDS = ("chief_quality_officer", "cqo_trained_on")
NONE_BEFORE = (None, None)


def _officers():
    # The infrastructure app builds on enterprises: imported when used, not at load.
    from zhiliang.infrastructure.services import officers

    return officers


def _stored_cqo(enterprise: Enterprise) -> tuple:
    if enterprise.pk is None:
        return NONE_BEFORE
    row = Enterprise.objects.filter(pk=enterprise.pk).values_list(*CQO_FIELDS).first()
    return row or NONE_BEFORE


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
    if not (set(CQO_FIELDS) & set(errors)) and (context or {}).get("taken_usccs") is None:
        # (an import's rows are new enterprises: their officers need no stored history)
        for name, message in (
            _officers()
            .enterprise_cqo_refusal(enterprise=enterprise, before=_stored_cqo(enterprise))
            .items()
        ):
            errors[name] = [ValidationError(message)]
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


def _save_with_officer(actor, enterprise: Enterprise, data: dict, before: tuple) -> Enterprise:
    """Save the record with its stored CQO summary, then write the given CQO and training
    date as history (`enterprise_cqo_record`), which sets the summary; all or nothing."""
    given = {name: getattr(enterprise, name) for name in CQO_FIELDS}
    enterprise.chief_quality_officer = before[0] or ""
    enterprise.cqo_trained_on = before[1]
    enterprise._history_user = actor
    with transaction.atomic():
        enterprise.save()
        if any(name in data for name in CQO_FIELDS):
            _officers().enterprise_cqo_record(
                actor=actor,
                enterprise=enterprise,
                person=given["chief_quality_officer"],
                trained_on=given["cqo_trained_on"],
                before=before,
            )
            enterprise.refresh_from_db(fields=list(CQO_FIELDS))
    return enterprise


def enterprise_create(*, actor, data: dict) -> Enterprise:
    require_perm(actor, "enterprises.add_enterprise")
    enterprise = enterprise_validate(data=data)
    require_in_jurisdiction(actor, enterprise.region)
    return _save_with_officer(actor, enterprise, data, NONE_BEFORE)


def enterprise_update(*, actor, enterprise: Enterprise, data: dict) -> Enterprise:
    require_perm(actor, "enterprises.change_enterprise")
    require_visible(actor, enterprise)
    before = _stored_cqo(enterprise)  # the admin hands over its form-changed object
    enterprise = enterprise_validate(data=data, instance=enterprise)
    require_in_jurisdiction(actor, enterprise.region)
    return _save_with_officer(actor, enterprise, data, before)


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
    with transaction.atomic():
        insert_rows(
            Enterprise._meta.db_table,
            [f.column for f in fields],
            _values(fields, rows, now),
        )
        _imported(actor, [row["uscc"] for row in rows], now)
    return len(rows)


def enterprise_bulk_create_staged(*, actor, staged, usccs: list[str]) -> int:
    """`enterprise_bulk_create` for rows still staged: `staged` is a queryset whose column
    `cleaned` holds each checked row as JSON (the importer's) and `number` its order, and
    `usccs` their USCCs. The database reads the values out of the JSON itself (one
    INSERT … SELECT), so they are not fetched, decoded and sent back row by row."""
    require_perm(actor, "enterprises.add_enterprise")
    now = timezone.now()
    fields = [f for f in Enterprise._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: _default(f, now) for f in fields}
    with transaction.atomic():
        created = insert_from_json(Enterprise, defaults, staged, values="cleaned", order="number")
        _imported(actor, usccs, now)
    return created


def _imported(actor, usccs: list[str], now) -> None:
    """The history of enterprises just imported, and their officers."""
    history_copy(Enterprise, "uscc", usccs, user_id=actor.pk, when=now, reason="import")
    # A sheet's CQO and training date become appointments and trainings too.
    _officers().officers_bulk_from_register(actor=actor, usccs=usccs, when=now)


def _default(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return field.get_db_prep_save(now, connection)
    value = field.get_db_prep_save(field.get_default(), connection)
    return str(value) if isinstance(value, str) else value  # a choice member as plain text


def _values(fields, rows: list[dict], now):
    """Each row's values in the order of `fields`, as the database takes them: text,
    numbers and None as they are, the defaults where a row has no value; a date or time
    (from a caller that passes objects, not the importer's JSON) as ISO text. Only the
    date and time columns are looked at again: this runs 100,000 times an import."""
    defaults = [(f.attname, _default(f, now)) for f in fields]
    timed = [i for i, f in enumerate(fields) if isinstance(f, DateField)]  # DateTimeField too
    for row in rows:
        values = [row.get(name, default) for name, default in defaults]
        for i in timed:
            value = values[i]
            if value is not None and not isinstance(value, str):
                values[i] = value.isoformat()
        yield values
