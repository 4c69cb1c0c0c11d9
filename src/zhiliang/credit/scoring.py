"""The classification: every enterprise in one pass.

One grouped query over the credit records gives the per-enterprise feature matrix (a
conditional count per feature and hard rule, records dated before `as_of` only); NumPy
scores it; `store` writes the classes set-based (staged, then one INSERT … SELECT … ON
CONFLICT), the effective class (the office's override while it runs), the class changes and
`Enterprise.risk_class` with one statement each.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from django.db import connection
from django.db.models import Case, Count, Max, Q, Value, When
from django.utils import timezone

from zhiliang.credit.rules import CLASSES, Feature, RiskModel, risk_model
from zhiliang.credit.store import effective_refresh  # noqa: F401 (callers import it here)
from zhiliang.enterprises.models import Enterprise
from zhiliang.licensing.dates import add_months

TOP_REASONS = 3
_FETCH = 50_000  # rows of the feature matrix per fetch
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


def _attribute(item: Feature, as_of: date):
    """1 when the enterprise's attribute meets the feature's condition on `as_of`, else 0:
    the same in every record row of the enterprise, so the group's maximum."""
    if item.attribute == "size_class":
        q = Q(enterprise__size_class__in=item.values)
    else:
        q = Q(enterprise__established_on__isnull=False)
        if item.below is not None:  # founded less than `below` years before
            q &= Q(enterprise__established_on__gt=add_months(as_of, -12 * item.below))
        if item.at_least is not None:
            q &= Q(enterprise__established_on__lte=add_months(as_of, -12 * item.at_least))
    return Max(Case(When(q, then=Value(1)), default=Value(0)))


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
    aggregates = {
        f"f{i}": _attribute(it, as_of)
        if it.attribute
        else Count("id", filter=_condition(it, as_of))
        for i, it in enumerate(items)
    }
    qs = CreditRecord.objects.filter(occurred_on__lt=as_of)
    if region_code:
        qs = qs.in_region(region_code)
    if enterprise_ids is not None:
        qs = qs.filter(enterprise_id__in=list(enterprise_ids))
    rows = qs.order_by().values("enterprise_id").annotate(**aggregates)
    names = ["enterprise_id", *aggregates]
    sql, params = rows.values_list(*names).query.sql_with_params()
    # Plain integers (no per-row conversion by the ORM), fetched in chunks straight into
    # arrays: a million rows as Python tuples would hold several hundred MiB at once.
    chunks = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(_FETCH):
            chunks.append(np.array(batch, dtype=np.int64))
    data = np.concatenate(chunks) if chunks else np.zeros((0, len(names)), dtype=np.int64)
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
    # Attributes weigh only beside counted records: without them the default class holds.
    attribute = np.array(
        [bool(f.attribute) for f in model.features] + [False] * (full.shape[1] - nf)
    )
    is_default = ~(full[:, ~attribute].any(axis=1))
    capped[is_default] = np.where(attribute[:nf], 0, capped[is_default])
    contributions = capped * weights
    scores = contributions.sum(axis=1)
    bands = model.bands
    classes = np.full(n, _RANK["B"], dtype=np.int8)
    classes[scores <= bands["A"]] = _RANK["A"]
    classes[scores >= bands["C"]] = _RANK["C"]
    classes[scores >= bands["D"]] = _RANK["D"]
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


def classify(*, as_of: date | None = None, enterprise_ids=None) -> dict:
    """Classify every enterprise (or `enterprise_ids`) and store class, score, model
    version and top reasons; then the effective classes. Returns counts per class (of the
    enterprises with counted records; the others have the default class) and how many
    effective classes changed ("changed")."""
    from zhiliang.credit.store import big_pass

    if enterprise_ids is not None:
        return _classify(as_of=as_of, enterprise_ids=enterprise_ids)
    with big_pass():
        return _classify(as_of=as_of, enterprise_ids=None)


def _classify(*, as_of: date | None, enterprise_ids) -> dict:
    from zhiliang.credit.store import reason_lists, write_classes

    model = risk_model()
    as_of = as_of or timezone.localdate() + timedelta(days=1)
    rec_ids, counts = feature_matrix(model, as_of=as_of, enterprise_ids=enterprise_ids)
    order = np.argsort(rec_ids, kind="stable")
    rec_ids, counts = rec_ids[order], counts[order]
    result = score(model, rec_ids, rec_ids, counts, as_of)
    letters = result.letters()
    # Only the enterprises with counted records are staged; the others get the default.
    counted = np.flatnonzero(~result.is_default | (letters != model.default_class))
    keys, lists = reason_lists(model, result, counted, _reasons, TOP_REASONS)
    rows = list(
        zip(
            result.enterprise_ids[counted].tolist(),
            letters[counted].tolist(),
            result.scores[counted].astype(float).tolist(),
            result.is_default[counted].tolist(),
            [result.forced[i] for i in counted.tolist()],
            keys.tolist(),
            strict=True,
        )
    )
    write_classes(
        rows=rows, reasons=lists, default_class=model.default_class, version=model.version,
        enterprise_ids=enterprise_ids,
    )  # fmt: skip
    changed = effective_refresh(enterprise_ids=enterprise_ids)
    return {**_class_counts(model, letters[counted], enterprise_ids), "changed": changed}


def _class_counts(model: RiskModel, letters: np.ndarray, enterprise_ids) -> dict:
    everyone = Enterprise.objects.all()
    if enterprise_ids is not None:
        everyone = everyone.filter(pk__in=list(enterprise_ids))
    counts = {c: int((letters == c).sum()) for c in CLASSES}
    counts[model.default_class] += everyone.count() - len(letters)
    return counts
