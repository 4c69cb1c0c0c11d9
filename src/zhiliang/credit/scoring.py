"""The classification: every enterprise in one pass.

One grouped query over the credit records gives the per-enterprise feature matrix (a
conditional count per feature and hard rule, records dated before `as_of` only); NumPy
scores it; the classes are written with one bulk upsert, the effective class (the office's
override while it runs) and `Enterprise.risk_class` with one UPDATE each.
"""

import json
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from django.db import connection
from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, When
from django.utils import timezone

from zhiliang.credit.rules import CLASSES, Feature, RiskModel, risk_model
from zhiliang.enterprises.models import Enterprise
from zhiliang.licensing.dates import add_months

TOP_REASONS = 3
_RANK = {c: i for i, c in enumerate(CLASSES)}


@dataclass
class Result:
    """Classes of `enterprise_ids` (ascending), as computed on `as_of`."""

    as_of: date
    enterprise_ids: np.ndarray
    classes: np.ndarray  # rank 0..3 (A..D)
    scores: np.ndarray
    is_default: np.ndarray
    forced: list  # per enterprise: the hard rule's code or ""
    contributions: np.ndarray  # enterprises × features
    counts: np.ndarray  # enterprises × features (capped counts)

    def letters(self) -> np.ndarray:
        return np.array(CLASSES)[self.classes]


def _condition(item: Feature, as_of: date) -> Q:
    q = Q(kind__in=item.kinds) & (Q(repaired_on__isnull=True) | Q(repaired_on__gt=as_of))
    if item.details:
        q &= Q(detail__in=item.details)
    if item.measure == "open":
        q &= Q(ended_on__isnull=True) | Q(ended_on__gt=as_of)
    elif item.window_months:
        q &= Q(occurred_on__gte=add_months(as_of, -item.window_months))
    return q


def feature_matrix(model: RiskModel, *, as_of: date, enterprise_ids=None, region_code=None):
    """(enterprise ids, counts per feature and hard rule) for the enterprises with records
    before `as_of`: one grouped query."""
    from zhiliang.credit.models import CreditRecord

    items = model.features + model.hard_rules
    aggregates = {f"f{i}": Count("id", filter=_condition(it, as_of)) for i, it in enumerate(items)}
    qs = CreditRecord.objects.filter(occurred_on__lt=as_of)
    if region_code:
        qs = qs.in_region(region_code)
    if enterprise_ids is not None:
        qs = qs.filter(enterprise_id__in=list(enterprise_ids))
    rows = qs.order_by().values("enterprise_id").annotate(**aggregates)
    names = ["enterprise_id", *aggregates]
    data = np.array(list(rows.values_list(*names)), dtype=np.int64).reshape(-1, len(names))
    return data[:, 0], data[:, 1:]


def score(model: RiskModel, ids_all: np.ndarray, rec_ids: np.ndarray, counts: np.ndarray, as_of):
    """Scores and classes for `ids_all` (sorted), given the matrix of those with records."""
    nf = len(model.features)
    n = len(ids_all)
    full = np.zeros((n, counts.shape[1]), dtype=np.int64)
    if len(rec_ids):
        full[np.searchsorted(ids_all, rec_ids)] = counts
    caps = np.array([f.cap for f in model.features], dtype=np.int64)
    weights = np.array([f.weight for f in model.features], dtype=float)
    capped = np.minimum(full[:, :nf], caps)
    contributions = capped * weights
    scores = contributions.sum(axis=1)
    bands = model.bands
    classes = np.full(n, _RANK["B"], dtype=np.int8)
    classes[scores <= bands["A"]] = _RANK["A"]
    classes[scores >= bands["C"]] = _RANK["C"]
    classes[scores >= bands["D"]] = _RANK["D"]
    is_default = ~(full.any(axis=1))
    classes[is_default] = _RANK[model.default_class]
    forced = np.full(n, "", dtype=object)
    for j, rule in enumerate(model.hard_rules):
        hit = (full[:, nf + j] > 0) & (classes < _RANK[rule.force])
        classes[hit] = _RANK[rule.force]
        forced[hit & (forced == "")] = rule.code
        is_default[full[:, nf + j] > 0] = False
    return Result(as_of, ids_all, classes, scores, is_default, list(forced), contributions, capped)


def compute(*, as_of: date | None = None, enterprise_ids=None, model=None, region_code=None):
    """The classes on `as_of` (default today) from the records dated before it, without
    writing anything (the backtest uses this)."""
    model = model or risk_model()
    # By default every record up to today counts.
    as_of = as_of or timezone.localdate() + timedelta(days=1)
    everyone = Enterprise.objects.order_by("pk")
    if region_code:
        everyone = everyone.in_region(region_code)
    if enterprise_ids is not None:
        everyone = everyone.filter(pk__in=list(enterprise_ids))
    ids_all = np.fromiter(everyone.values_list("pk", flat=True), dtype=np.int64)
    rec_ids, counts = feature_matrix(
        model, as_of=as_of, enterprise_ids=enterprise_ids, region_code=region_code
    )
    return score(model, ids_all, rec_ids, counts, as_of)


def _reason(model: RiskModel, code: str, n: int, contribution) -> dict:
    return {
        "code": code, "n": n, "contribution": contribution,
        "text": model.text(code, n, False), "text_en": model.text(code, n, True),
    }  # fmt: skip


def _reasons(model: RiskModel, result: Result, i: int) -> list[dict]:
    out = []
    if result.forced[i]:
        code = result.forced[i]
        out.append(_reason(model, code, 1, None))
    row = result.contributions[i]
    for j in np.argsort(-np.abs(row), kind="stable")[:TOP_REASONS]:
        if row[j] == 0:
            break
        f, n = model.features[j], int(result.counts[i, j])
        out.append(_reason(model, f.code, n, float(row[j])))
    return out


def classify(*, as_of: date | None = None, enterprise_ids=None, batch_size: int = 5000) -> dict:
    """Classify every enterprise (or `enterprise_ids`) and store class, score, model
    version and top reasons; then the effective classes. Returns counts per class and
    how many effective classes changed ("changed")."""
    model = risk_model()
    result = compute(as_of=as_of, enterprise_ids=enterprise_ids, model=model)
    now = timezone.now()
    letters = result.letters()
    _write_defaults(model, now, enterprise_ids)
    # Only the enterprises with counted records are written from Python, as plain rows.
    counted = np.flatnonzero(~result.is_default | (letters != model.default_class))
    statement = _upsert_statement(
        ["enterprise_id", "computed_class", "score", "is_default", "forced_by", "reasons"],
        [("%s", "%s", "%s", "%s", "%s", _json_param())],
        fixed={"model_version": model.version, "computed_at": now},
    )
    for start in range(0, len(counted), batch_size):
        rows = [
            (
                int(result.enterprise_ids[i]),
                letters[i],
                float(result.scores[i]),
                bool(result.is_default[i]),
                result.forced[i],
                json.dumps(_reasons(model, result, i), ensure_ascii=False),
                *statement.fixed_params,
                letters[i],
            )  # fmt: skip
            for i in counted[start : start + batch_size]
        ]
        with connection.cursor() as cursor:
            cursor.executemany(statement.sql, rows)
    changed = effective_refresh(enterprise_ids=enterprise_ids)
    return {**{c: int((letters == c).sum()) for c in CLASSES}, "changed": changed}


def _json_param() -> str:
    return "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"


_UPDATED = ("computed_class", "score", "is_default", "forced_by", "model_version", "reasons",
            "computed_at")  # fmt: skip


@dataclass
class _Upsert:
    sql: str
    fixed_params: tuple


def _upsert_statement(columns, values, *, fixed: dict, select: str = "") -> _Upsert:
    """INSERT of credit classes (VALUES, or SELECT … `select`) that updates the computed
    part of an existing row; the override and the effective class stay as they are."""
    from zhiliang.credit.models import CreditClass

    q = connection.ops.quote_name
    names = [*columns, *fixed, "override_class", "override_reason", "effective_class"]
    placeholders = [*values[0], *(["%s"] * len(fixed)), "''", "''", "%s"]
    stamp = {k: connection.ops.adapt_datetimefield_value(v) if k == "computed_at" else v
             for k, v in fixed.items()}  # fmt: skip
    body = (
        f"SELECT {', '.join(placeholders)} FROM ({select}) e WHERE 1 = 1"
        if select
        else f"VALUES ({', '.join(placeholders)})"
    )
    sql = (
        f"INSERT INTO {q(CreditClass._meta.db_table)} ({', '.join(q(c) for c in names)}) "
        f"{body} ON CONFLICT ({q('enterprise_id')}) DO UPDATE SET "
        + ", ".join(f"{q(c)} = excluded.{q(c)}" for c in _UPDATED)
    )
    return _Upsert(sql, tuple(stamp.values()))


def _write_defaults(model: RiskModel, now, enterprise_ids) -> None:
    """Every enterprise (or `enterprise_ids`) with the default class, in one INSERT … SELECT
    … ON CONFLICT; those with counted records are then written over it."""
    everyone = Enterprise.objects.order_by()
    if enterprise_ids is not None:
        everyone = everyone.filter(pk__in=list(enterprise_ids))
    sql, params = everyone.values(e_id=F("pk")).query.sql_with_params()
    q = connection.ops.quote_name
    statement = _upsert_statement(
        ["enterprise_id", "computed_class", "score", "is_default", "forced_by", "reasons"],
        [(f"e.{q('e_id')}", "%s", "0", "%s", "''", _json_param())],
        fixed={"model_version": model.version, "computed_at": now},
        select=sql,
    )
    default = model.default_class
    with connection.cursor() as cursor:
        cursor.execute(
            statement.sql, (default, True, "[]", *statement.fixed_params, default, *params)
        )


def _effective(today) -> Case:
    active = Q(override_until__gt=today) & ~Q(override_class="")
    return Case(When(active, then=F("override_class")), default=F("computed_class"),
                output_field=CharField())  # fmt: skip


def effective_refresh(*, enterprise_ids=None, actor=None) -> int:
    """Set the effective class (the office's while its override runs, else the computed
    one) and copy it to `Enterprise.risk_class` for the draw, recording each change of
    `Enterprise.risk_class` (the class the draw used until now). Returns the changes."""
    from zhiliang.credit.models import ClassChange, CreditClass

    today, now = timezone.localdate(), timezone.now()
    qs = CreditClass.objects.all()
    if enterprise_ids is not None:
        qs = qs.filter(enterprise_id__in=list(enterprise_ids))
    qs.annotate(new=_effective(today)).exclude(effective_class=F("new")).update(
        effective_class=_effective(today)
    )
    stale = Enterprise.objects.filter(credit_class__isnull=False).exclude(
        risk_class=F("credit_class__effective_class")
    )
    if enterprise_ids is not None:
        stale = stale.filter(pk__in=list(enterprise_ids))
    records = []
    for e, old, new, score, version, override, until, reason, by in stale.values_list(
        "pk", "risk_class", "credit_class__effective_class", "credit_class__score",
        "credit_class__model_version", "credit_class__override_class",
        "credit_class__override_until", "credit_class__override_reason",
        "credit_class__override_by_id",
    ):  # fmt: skip
        by_office = bool(override) and until is not None and until > today and new == override
        records.append(
            ClassChange(
                enterprise_id=e,
                from_class=old,
                to_class=new,
                score=score,
                model_version=version,
                by_override=by_office,
                reason=reason if by_office else "",
                actor_id=by if by_office else getattr(actor, "pk", None),
                changed_at=now,
            )  # fmt: skip
        )
    ClassChange.objects.bulk_create(records, batch_size=5000)
    if records:
        stale.update(risk_class=Subquery(_class_of()))
    return len(records)


def _class_of():
    from zhiliang.credit.models import CreditClass

    return CreditClass.objects.filter(enterprise_id=OuterRef("pk")).values("effective_class")[:1]
