"""Campaign subjects, the net-content tolerance and sampling tables, MPEs and the energy
metering configuration, read from data/rules.yaml; the verdicts computed from them."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import numpy as np
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zhiliang.core import yamldata

DATA = Path(__file__).resolve().parent / "data" / "rules.yaml"
PASS, FAIL = "pass", "fail"


@cache
def rules() -> dict:
    with open(DATA, encoding="utf-8") as fh:
        return yamldata.load(fh)


def _named(entries) -> list[tuple[str, str]]:
    english = not (get_language() or "zh-hans").startswith("zh")
    return [(e["code"], e["en"] if english else e["name"]) for e in entries]


def subject_choices():
    return _named(rules()["subjects"])


def level_choices():
    return _named(rules()["energy"]["levels"])


def kind_choices():
    return _named(rules()["energy"]["kinds"])


def words(entries) -> dict[str, str]:
    out = {}
    for e in entries:
        for word in (e["code"], e["name"], e["en"]):
            out[word] = out[word.lower()] = e["code"]
    return out


def subject_rule(code: str) -> str | None:
    return next((s["rule"] for s in rules()["subjects"] if s["code"] == code), None)


def required_rate(kind: str, level: str) -> int | None:
    entry = next((k for k in rules()["energy"]["kinds"] if k["code"] == kind), None)
    return None if entry is None else entry["rates"].get(level)


def key_unit_threshold() -> Decimal:
    return Decimal(str(rules()["energy"]["key_unit_threshold_tce"]))


# -- net content ---------------------------------------------------------------------------


def in_base_unit(quantity: float, unit: str) -> float | None:
    factor = rules()["net_content"]["units"].get(unit)
    return None if factor is None else float(quantity) * factor


def tolerance(nominal: float) -> float | None:
    """T for a nominal quantity in g or mL; None outside the table."""
    for row in rules()["net_content"]["tolerance"]:
        if row["above"] < nominal <= row["up_to"]:
            if "percent" in row:
                return nominal * row["percent"] / 100
            return float(row["amount"])
    return None


def sampling(lot_size: int) -> dict | None:
    """{n, lambda, allowed} for a lot of `lot_size` units."""
    for row in rules()["net_content"]["sampling"]:
        if row["from"] <= lot_size and (row["to"] is None or lot_size <= row["to"]):
            n = lot_size if row["n"] == "all" else int(row["n"])
            return {"n": n, "lambda": float(row["lambda"]), "allowed": int(row["allowed"])}
    return None


@dataclass
class Verdict:
    verdict: str
    n: int
    mean: float
    std: float | None
    tolerance: float | None
    mean_limit: float | None
    beyond_t: int
    beyond_2t: int
    max_error: float | None
    reasons: list[str]


def judge_net_content(values, *, nominal: float, lot_size: int) -> Verdict:
    """JJF 1070: the mean against Qn − λ·s (Qn for a lot of 10 or fewer, checked whole),
    at most `allowed` units short by more than T, none short by more than 2T. `values` and
    `nominal` in the same unit (g or mL)."""
    x = np.asarray(values, dtype=float)
    t = tolerance(nominal)
    plan = sampling(lot_size)
    n = len(x)
    std = float(x.std(ddof=1)) if n > 1 else None
    mean = float(x.mean())
    shortfall = nominal - x
    beyond_t = int(np.count_nonzero(shortfall > t)) if t is not None else 0
    beyond_2t = int(np.count_nonzero(shortfall > 2 * t)) if t is not None else 0
    limit = nominal - plan["lambda"] * (std or 0.0) if plan else None
    reasons = []
    if limit is not None and mean < limit - 1e-9:
        reasons.append(
            _("the mean %(m).2f lies below %(l).2f (Qn − λ·s)") % {"m": mean, "l": limit}
        )
    if plan and beyond_t > plan["allowed"]:
        reasons.append(
            _("%(k)s units short by more than T = %(t)s (at most %(a)s allowed)")
            % {"k": beyond_t, "t": f"{t:g}", "a": plan["allowed"]}
        )
    if beyond_2t:
        reasons.append(_("%(k)s units short by more than 2T") % {"k": beyond_2t})
    return Verdict(
        FAIL if reasons else PASS, n, mean, std, t, limit, beyond_t, beyond_2t, None, reasons
    )


def judge_mpe(errors, *, subject: str) -> Verdict:
    """Each run's relative error (%) against ± the subject's MPE."""
    e = np.asarray(errors, dtype=float)
    mpe = float(rules()["mpe"][subject]["percent"])
    worst = float(np.abs(e).max())
    beyond = int(np.count_nonzero(np.abs(e) > mpe + 1e-12))
    reasons = []
    if beyond:
        reasons.append(
            _("%(k)s runs beyond the maximum permissible error ±%(m)s %% (worst %(w)s %%)")
            % {"k": beyond, "m": f"{mpe:g}", "w": f"{worst:g}"}
        )
    return Verdict(
        FAIL if reasons else PASS, len(e), float(e.mean()), None, mpe, None, beyond, 0, worst,
        reasons,
    )  # fmt: skip
