"""The draw by class targets (es-keys-v2): each risk class gets its planned share of a quota.

The planned number of a class with n enterprises in the pool is λ·w·n (w: the plan's class
weight) held within [min·n, max·n], the class's target sampling ratio (credit/data/
steering.yaml); λ is set so the numbers add up to the quota. A quota too small for every
minimum is shared in proportion to the minimums; one beyond every maximum fills the classes'
remaining room in proportion to it. Exact fractions throughout (no float in the planning),
then whole numbers by the largest remainder, ties to the riskier class: every class gets its
planned number within one (within rounding) whenever the pool allows.

Within a class, as in es-keys-v1, two uniform numbers per pool member from the quota's seed:
the control share (`random_share` of the class's number) takes the smallest u, the rest the
largest v. Reproducible from (pool, seed, params) alone.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from zhiliang.inspections.choices import PickShare
from zhiliang.inspections.draw.keys import _smallest, share_count

CLASSES = "ABCD"


def _fill(base: dict, room: dict, extra: Fraction) -> dict:
    """`extra` shared over `room` in proportion to it, added to `base`."""
    total = sum(room.values())
    if not total:
        return dict(base)
    return {c: base[c] + extra * room[c] / total for c in base}


def _at(lam: Fraction, wn: dict, lo: dict, hi: dict) -> dict:
    return {c: lo[c] if not wn[c] else min(max(lam * wn[c], lo[c]), hi[c]) for c in lo}


def planned(count: int, sizes: dict, weights: dict, ratios: dict) -> dict[str, Fraction]:
    """The planned (fractional) number per class of a quota of `count` (see the docstring)."""
    sizes = {c: int(sizes.get(c, 0)) for c in CLASSES}
    count = min(int(count), sum(sizes.values()))
    lo = {c: Fraction(str(ratios[c]["min"])) * sizes[c] for c in CLASSES}
    hi = {c: min(Fraction(str(ratios[c]["max"])) * sizes[c], sizes[c]) for c in CLASSES}
    wn = {c: max(Fraction(str(weights.get(c, 0))), Fraction(0)) * sizes[c] for c in CLASSES}
    if count <= sum(lo.values()):
        return _fill({c: Fraction(0) for c in CLASSES}, lo, Fraction(count))
    points = sorted({b / wn[c] for c in CLASSES if wn[c] for b in (lo[c], hi[c])})
    prev, prev_sum = Fraction(0), sum(lo.values())
    for lam in points:
        at = _at(lam, wn, lo, hi)
        total = sum(at.values())
        if total >= count:  # linear between prev and lam
            lam = prev + (count - prev_sum) * (lam - prev) / (total - prev_sum)
            return _at(lam, wn, lo, hi)
        prev, prev_sum = lam, total
    top = _at(points[-1], wn, lo, hi) if points else dict(lo)
    if count <= sum(hi.values()):  # classes of weight 0 rise to their maximum last
        return _fill(top, {c: hi[c] - top[c] for c in CLASSES}, count - sum(top.values()))
    return _fill(dict(hi), {c: sizes[c] - hi[c] for c in CLASSES}, count - sum(hi.values()))


def whole(plan: dict[str, Fraction], count: int) -> dict[str, int]:
    """Whole numbers adding up to `count` (largest remainder; ties to the riskier class)."""
    out = {c: int(plan[c]) for c in CLASSES}  # floor: the values are ≥ 0
    order = sorted(CLASSES, key=lambda c: (-(plan[c] - out[c]), -CLASSES.index(c)))
    for c in order[: max(count - sum(out.values()), 0)]:
        out[c] += 1
    return out


def select(
    ids: list[int], classes: str, count: int, random_share, weights: dict, ratios: dict, rs
) -> tuple[list[tuple[int, str]], dict]:
    """(picks, per class: pool, planned number, drawn) of one quota; `rs` the quota's
    Mersenne Twister (es-keys-v1's generator)."""
    n = len(ids)
    count = min(count, n)
    codes = np.frombuffer(classes.encode("ascii"), dtype=np.uint8)
    sizes = {c: int((codes == ord(c)).sum()) for c in CLASSES}
    plan = planned(count, sizes, weights, ratios) if count > 0 else dict.fromkeys(CLASSES, 0)
    numbers = whole(plan, count) if count > 0 else dict.fromkeys(CLASSES, 0)
    u = rs.random_sample(n)
    v = 1.0 - rs.random_sample(n)
    first, rest = [], []
    for c in CLASSES:
        members = np.flatnonzero(codes == ord(c))
        k = numbers[c]
        if not k:
            continue
        k_random = min(share_count(k, random_share), k)
        # The k_random smallest u, then the largest v among the others: those are within
        # the k largest v of the class. Partial selection, not a sort of the whole class.
        firsts = _smallest(u, k_random, members) if k_random else []
        taken = set(firsts)
        best = _smallest(-v, k, members)
        first += firsts
        rest += [i for i in best if i not in taken][: k - k_random]
    first.sort(key=lambda i: (u[i], i))
    rest.sort(key=lambda i: (-v[i], i))
    picks = [(ids[i], PickShare.RANDOM.value) for i in first]
    picks += [(ids[i], PickShare.WEIGHTED.value) for i in rest]
    summary = {
        c: {"pool": sizes[c], "planned": str(round(float(plan[c]), 4)), "drawn": numbers[c]}
        for c in CLASSES
    }
    return picks, summary
