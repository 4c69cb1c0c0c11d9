"""The demo's hidden propensity: how prone a synthetic enterprise is to quality trouble.

Demo-only and never stored: each enterprise's propensity is a seeded hash of its USCC
turned into a log-normal factor with mean 1, and the demo's loaders multiply their base
rates by it — the chance that a sample fails, the weight with which an enterprise is
drawn for a penalty or an abnormal listing, the chance that it draws complaints. So the
same enterprises keep getting into trouble, and a classification from past records
predicts future failures, as it should for the credit backtest to find anything.
A real installation has no such number; nothing outside `zhiliang.demo` and the apps'
`demo.py` loaders may read it.
"""

import hashlib
import math
from statistics import NormalDist

# Spread of the log-propensity. With 1.2, the least prone half fails at about a quarter of
# the base rate, and an enterprise picked for a record (weighted by its propensity) is on
# average e^1.44 ≈ 4 times as prone as the mean: on the demo's ~320 samples a year, those
# with complaints fail about four times as often as the others.
SIGMA = 1.2
_NORMAL = NormalDist()


def propensity(seed: int, uscc: str) -> float:
    """A factor with mean 1 over enterprises, the same for a (seed, USCC) every run."""
    digest = hashlib.blake2b(f"zhiliang-propensity:{seed}:{uscc}".encode(), digest_size=8)
    # Midpoint of one of 2⁶⁴ equal slices: strictly inside (0, 1), where inv_cdf is defined.
    u = (int.from_bytes(digest.digest(), "big") + 0.5) / 2**64
    return math.exp(SIGMA * _NORMAL.inv_cdf(u) - SIGMA**2 / 2)


def chance(base: float, factor: float, cap: float = 0.9) -> float:
    """A base probability scaled by a propensity, kept a probability."""
    return min(base * factor, cap)


def weighted_sample(rng, rows, weights, n: int) -> list:
    """`n` of `rows` without replacement, each picked with chance growing with its weight
    (Efraimidis–Spirakis: the n largest u^(1/w)); deterministic for the rng's state."""
    if n >= len(rows):
        return list(rows)
    keyed = [(rng.random() ** (1.0 / w), i) for i, w in enumerate(weights)]
    keyed.sort(reverse=True)
    return [rows[i] for _key, i in sorted(keyed[:n], key=lambda pair: pair[1])]
