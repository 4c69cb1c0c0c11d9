"""Do the classes predict anything? Classify with the records before a cut-off, then count
per class the samples and failures of the following 12 months.

`lift_per_100`: failures per 100 samples found by the class-weighted draw (an enterprise's
chance proportional to its class weight, inspections/data/sampling.yaml) minus those of a
uniform draw, from each class's failure rate and size: with n_k enterprises, weight w_k and
rate r_k, weighted = Σ n_k w_k r_k / Σ n_k w_k, uniform = Σ n_k r_k / Σ n_k (classes with
samples only).
"""

import math
from datetime import date

import numpy as np
from django.db.models import Count, Q
from django.utils import timezone

from zhiliang.credit.rules import CLASSES, risk_model, risk_weights
from zhiliang.credit.scoring import feature_matrix, score
from zhiliang.enterprises.models import Enterprise
from zhiliang.inspections.choices import Verdict
from zhiliang.inspections.models import Sample
from zhiliang.licensing.dates import add_months

Z95 = 1.959963984540054


def wilson(failures: int, samples: int) -> tuple[float, float] | None:
    """The 95 % Wilson score interval of a proportion."""
    if samples == 0:
        return None
    p, n, z2 = failures / samples, samples, Z95 * Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def default_cutoff(today: date | None = None) -> date:
    """12 months before today: the latest cut-off with a full year after it."""
    return add_months(today or timezone.localdate(), -12).replace(day=1)


def backtest(*, cutoff: date | None = None, months: int = 12, weights=None, region_code=None):
    """The figures of the module docstring, for the installation or one region's subtree."""
    cutoff = cutoff or default_cutoff()
    end = add_months(cutoff, months)
    rec_ids, classes = _classes(cutoff, region_code)
    everyone = Enterprise.objects.all()
    samples_qs = Sample.objects.all()
    if region_code:
        everyone = everyone.in_region(region_code)
        samples_qs = samples_qs.in_region(region_code).filter(enterprise__in=everyone)
    rows = (
        samples_qs.filter(sampled_on__gte=cutoff, sampled_on__lt=end, enterprise__isnull=False)
        .exclude(verdict=Verdict.PENDING)
        .order_by()
        .values("enterprise_id")
        .annotate(n=Count("id"), f=Count("id", filter=Q(verdict=Verdict.FAIL)))
        .values_list("enterprise_id", "n", "f")
    )
    data = np.array(list(rows), dtype=np.int64).reshape(-1, 3)
    # The enterprises without counted records have the default class: only their number
    # is needed, and the class of each sampled enterprise.
    default = CLASSES.index(risk_model().default_class)
    sizes = np.bincount(classes, minlength=len(CLASSES))
    sizes[default] += everyone.count() - len(rec_ids)
    pos = np.minimum(np.searchsorted(rec_ids, data[:, 0]), max(len(rec_ids) - 1, 0))
    known = rec_ids[pos] == data[:, 0] if len(rec_ids) else np.zeros(len(data), dtype=bool)
    sampled = np.where(known, classes[pos] if len(rec_ids) else default, default)
    samples = np.bincount(sampled, weights=data[:, 1], minlength=len(CLASSES)).astype(np.int64)
    failures = np.bincount(sampled, weights=data[:, 2], minlength=len(CLASSES)).astype(np.int64)
    weights = weights or risk_weights()
    out = {}
    for k, letter in enumerate(CLASSES):
        n, s, f = int(sizes[k]), int(samples[k]), int(failures[k])
        interval = wilson(f, s)
        out[letter] = {
            "enterprises": n,
            "samples": s,
            "failures": f,
            "rate": round(f / s, 6) if s else None,
            "interval_95": [round(v, 6) for v in interval] if interval else None,
            "weight": weights[letter],
        }
    return {
        "cutoff": cutoff.isoformat(),
        "until": end.isoformat(),
        "model_version": _version(),
        "classes": out,
        "ratio_d_to_a": _ratio(out),
        "lift_per_100": _lift(out),
    }


def _classes(cutoff: date, region_code) -> tuple[np.ndarray, np.ndarray]:
    """(ids, class ranks) of the enterprises with records before `cutoff`, ids ascending:
    one grouped query, scored in NumPy (the others are scored alike: the default class)."""
    model = risk_model()
    rec_ids, counts = feature_matrix(model, as_of=cutoff, region_code=region_code)
    order = np.argsort(rec_ids, kind="stable")
    rec_ids = rec_ids[order]
    result = score(model, rec_ids, rec_ids, counts[order], cutoff)
    return rec_ids, result.classes.astype(np.int64)


def _version() -> str:
    return risk_model().version


def _ratio(out: dict):
    a, d = out["A"]["rate"], out["D"]["rate"]
    return round(d / a, 4) if a and d is not None else None


def _lift(out: dict):
    had = [c for c in out.values() if c["samples"] and c["enterprises"]]
    if not had:
        return None
    n = np.array([c["enterprises"] for c in had], dtype=float)
    w = np.array([c["weight"] for c in had], dtype=float)
    r = np.array([c["failures"] / c["samples"] for c in had], dtype=float)
    weighted = float((n * w * r).sum() / (n * w).sum())
    uniform = float((n * r).sum() / n.sum())
    return round(100 * (weighted - uniform), 4)
