"""Writes of the credit app: the derived records, the classification, the office's override.

`credit_records_refresh` derives the records table from the registries (one grouped
INSERT…SELECT … ON CONFLICT per kind, one DELETE of what no longer holds), so running it
twice changes nothing. `classify` (scoring.py) turns the records into classes.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.guards import require_perm, require_visible
from zhiliang.credit.models import CreditClass, CreditRecord
from zhiliang.credit.scoring import classify, effective_refresh
from zhiliang.credit.sources import COLUMNS, all_sources

_TARGET = (
    "enterprise_id", "detail", "occurred_on", "ended_on", "repaired_on", "amount",
    "source_pk", "public_from", "public_until",
)  # fmt: skip
_UPDATED = [c for c in _TARGET if c != "source_pk"] + ["source_model", "refreshed_at"]


def _upsert(kind: str, source: str, shaped, now) -> None:
    sql, params = shaped.query.sql_with_params()
    table = CreditRecord._meta.db_table
    q = connection.ops.quote_name
    cols = ", ".join(q(c) for c in (*_TARGET, "kind", "source_model", "refreshed_at"))
    picked = ", ".join(f"s.{q(c)}" for c in COLUMNS)
    updates = ", ".join(f"{q(c)} = excluded.{q(c)}" for c in _UPDATED)
    stamp = connection.ops.adapt_datetimefield_value(now)
    statement = (
        f"INSERT INTO {q(table)} ({cols}) SELECT {picked}, %s, %s, %s FROM ({sql}) s "
        f"WHERE 1 = 1 ON CONFLICT ({q('kind')}, {q('source_pk')}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, (kind, source, stamp, *params))


_FEW = 100  # enterprises up to which every source is read in one statement


def _refresh_few(ids: list, today, now) -> None:
    """The records of a few enterprises (after an event) from every source in two
    statements instead of two per source: one UNION ALL of the sources' rows (each with its
    kind) drives the DELETE of what no longer holds and the upsert of the rest."""
    q = connection.ops.quote_name
    parts, params = [], []
    for kind, (source, selector) in all_sources().items():
        sql, p = selector(ids, today).query.sql_with_params()
        picked = ", ".join(f"s.{q(c)}" for c in COLUMNS)
        parts.append(f"SELECT %s AS r_kind, %s AS r_source, {picked} FROM ({sql}) s")
        params += [kind, source, *p]
    union = " UNION ALL ".join(parts)
    table = q(CreditRecord._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    delete = (
        f"WITH u AS ({union}) DELETE FROM {table} WHERE {q('enterprise_id')} IN ({marks}) "
        f"AND NOT EXISTS (SELECT 1 FROM u WHERE u.r_kind = {table}.{q('kind')} "
        f"AND u.r_source_pk = {table}.{q('source_pk')})"
    )
    cols = ", ".join(q(c) for c in (*_TARGET, "kind", "source_model", "refreshed_at"))
    picked = ", ".join(f"u.{q(c)}" for c in COLUMNS)
    updates = ", ".join(f"{q(c)} = excluded.{q(c)}" for c in _UPDATED)
    upsert = (
        f"WITH u AS ({union}) INSERT INTO {table} ({cols}) "
        f"SELECT {picked}, u.r_kind, u.r_source, %s FROM u WHERE 1 = 1 "
        f"ON CONFLICT ({q('kind')}, {q('source_pk')}) DO UPDATE SET {updates}"
    )
    stamp = connection.ops.adapt_datetimefield_value(now)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(delete, [*params, *ids])
        cursor.execute(upsert, [*params, stamp])


def credit_records_refresh(
    *, enterprise_ids=None, as_of: date | None = None, count: bool = True
) -> int | None:
    """Derive the credit records of all enterprises (or of `enterprise_ids`) from the
    registries as they are on `as_of` (default today). Returns how many records exist
    (None with `count=False`: an event does not need the figure, nor its query)."""
    today = as_of or timezone.localdate()
    now = timezone.now()
    ids = None if enterprise_ids is None else list(enterprise_ids)
    if ids is not None and len(ids) <= _FEW:
        _refresh_few(ids, today, now)
        return CreditRecord.objects.filter(enterprise_id__in=ids).count() if count else None
    with transaction.atomic():
        for kind, (source, selector) in all_sources().items():
            shaped = selector(ids, today)
            stale = CreditRecord.objects.filter(kind=kind)
            if ids is not None:
                stale = stale.filter(enterprise_id__in=ids)
            stale.exclude(source_pk__in=shaped.values("r_source_pk")).delete()
            _upsert(kind, source, shaped, now)
    records = CreditRecord.objects.all()
    if ids is not None:
        records = records.filter(enterprise_id__in=ids)
    return records.count()


def credit_enterprise_refresh(*, enterprise_id: int) -> CreditClass | None:
    """After an event on one enterprise (a penalty, a failed sample …): its records and its
    class, at once. Services that change a source record call this (one line)."""
    if not enterprise_id:
        return None
    credit_records_refresh(enterprise_ids=[enterprise_id])
    classify(enterprise_ids=[enterprise_id])
    return CreditClass.objects.filter(enterprise_id=enterprise_id).first()


def credit_class_override(
    *, actor, credit_class: CreditClass, risk_class: str, reason: str, until: date
) -> CreditClass:
    """The office sets the class itself, with its reason, until a day (then the computed
    class applies again). Audited: the history and a class change with the reason."""
    require_perm(actor, "credit.override_creditclass")
    require_visible(actor, credit_class)
    if risk_class not in ("A", "B", "C", "D"):
        raise ValidationError({"override_class": _("Choose a class from A to D.")})
    credit_class.override_class = risk_class
    credit_class.override_reason = (reason or "").strip()
    credit_class.override_until = until
    credit_class.override_by = actor
    try:
        credit_class.full_clean(exclude=["enterprise", "override_by"])
    except ValidationError:
        credit_class.refresh_from_db()
        raise
    with transaction.atomic():
        credit_class._history_user = actor
        credit_class.save()
        effective_refresh(enterprise_ids=[credit_class.enterprise_id])
    credit_class.refresh_from_db()
    return credit_class


def credit_class_override_end(*, actor, credit_class: CreditClass) -> CreditClass:
    """End the office's class now: the computed class applies again."""
    require_perm(actor, "credit.override_creditclass")
    require_visible(actor, credit_class)
    if not credit_class.override_class:
        raise ValidationError(_("The office has not set this class."))
    with transaction.atomic():
        credit_class.override_until = timezone.localdate()
        credit_class._history_user = actor
        credit_class.save()
        effective_refresh(enterprise_ids=[credit_class.enterprise_id], actor=actor)
    credit_class.refresh_from_db()
    return credit_class
