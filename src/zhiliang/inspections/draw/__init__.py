"""The seeded 双随机 draw: enterprises for every quota, then an inspector team for each.

Reproducible by construction:
- every pool is read from the database sorted by id (never dict/set or row order);
- every random number comes from `random.Random(k)`, whose `random()` stream Python
  guarantees for a given seed, with `k` derived from the draw's seed and the quota id by SHA-256
  (drawn in bulk by NumPy's Mersenne Twister put in that generator's state: the same numbers);
- the control share takes the smallest uniform keys; the weighted share takes the largest
  Efraimidis–Spirakis keys log(u)/w over the rest (weighted sampling without replacement);
- ties break on the pool position.

`compute` is a pure function of (params, quota specs, seed, pools, inspectors); `pools_read`
reads the eligible pools from the database. A draw stores its inputs, its pools (compressed)
and its result; `verify` re-runs it and says whether the result reproduces, and whether the
data has changed since (the pool recomputed now differs from the stored one).
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from zhiliang.core.models.regions import code_contains
from zhiliang.inspections.choices import PickShare
from zhiliang.inspections.draw import classes as by_class
from zhiliang.inspections.draw.keys import (
    _smallest,
    canonical,
    derived_seed,
    digest,
    months_before,
    pool_digest,
    pool_pack,
    pool_unpack,
    share_count,
)
from zhiliang.inspections.draw.pools import (
    enterprise_regions,
    inspectors_read,
    plan_params,
    pool_read,
    pools_read,
    quota_specs,
)

# The version new draws use; a stored draw is verified with the version it was made with.
# v1: the control share uniform, the rest weighted by class (Efraimidis–Spirakis keys);
# v2: each class's planned share of the quota from its target sampling ratio (classes.py).
ALGORITHM = "es-keys-v2"
ALGORITHMS = ("es-keys-v1", "es-keys-v2")


# --- the algorithm -----------------------------------------------------------------------------


def _mersenne(seed: int) -> np.random.RandomState:
    """NumPy's Mersenne Twister put in the state of `random.Random(seed)`: the same stream of
    `random()` numbers (same generator, same 53-bit construction), drawn in bulk."""
    state = random.Random(seed).getstate()[1]
    rs = np.random.RandomState()
    rs.set_state(("MT19937", np.array(state[:-1], dtype=np.uint32), state[-1]))
    return rs


def select(
    ids: list[int], classes: str, count: int, random_share, weights: dict, seed: int
) -> list[tuple[int, str]]:
    """Pick `count` of the pool: the control share uniformly, the rest by risk weight.

    Two uniform numbers per pool member, in pool order: u (control share: the smallest u
    win) and v (weighted share: the largest Efraimidis–Spirakis keys log(v)/w win among the
    rest). Within one class the key grows with v, so each class's best candidates are found
    on v alone and only those get a key.
    """
    n = len(ids)
    count = min(count, n)
    if count <= 0:
        return []
    rs = _mersenne(seed)
    n_random = min(share_count(count, random_share), count)
    n_weighted = count - n_random
    u = rs.random_sample(n)
    v = 1.0 - rs.random_sample(n)  # (0, 1]
    first = _smallest(u, n_random) if n_random else []
    chosen = set(first)
    w = {k: float(Decimal(str(x))) for k, x in weights.items()}
    keyed = []
    if n_weighted:
        codes = np.frombuffer(classes.encode("ascii"), dtype=np.uint8)
        for cls in sorted(set(classes)):
            if w.get(cls, 0) <= 0:
                continue
            members = np.flatnonzero(codes == ord(cls))
            best = _smallest(-v, n_weighted + n_random, members)  # the largest v
            keyed += [(math.log(float(v[i])) / w[cls], -i) for i in best if i not in chosen]
    rest = heapq.nlargest(n_weighted, keyed)
    picks = [(ids[i], PickShare.RANDOM.value) for i in first]
    picks += [(ids[-neg], PickShare.WEIGHTED.value) for _key, neg in rest]
    return picks


def conflicted(inspector: int, enterprise: int, region_code: str, conflicts: dict) -> bool:
    for ent, org_code in conflicts.get(inspector, ()):
        if ent == enterprise or (org_code and code_contains(org_code, region_code)):
            return True
    return False


def team(
    inspectors: list[int], conflicts: dict, enterprise: int, region_code: str, size: int, seed
) -> list[int]:
    rng = random.Random(seed)
    keys = [rng.random() for _ in inspectors]  # one key per inspector, conflicted or not
    # Only inspectors with a conflict can be skipped: the `size + their number` smallest
    # keys hold the team.
    order = heapq.nsmallest(size + len(conflicts), range(len(inspectors)), key=keys.__getitem__)
    chosen = []
    for i in order:
        if len(chosen) == size:
            break
        if not conflicted(inspectors[i], enterprise, region_code, conflicts):
            chosen.append(inspectors[i])
    return chosen


def compute(
    params: dict,
    specs: list[dict],
    seed: int,
    pools: dict[int, tuple[list[int], str]],
    inspectors: dict,
    regions,
    algorithm: str = ALGORITHM,
) -> dict:
    """The result of a draw: picks per quota with their share and team. `regions` maps the
    picked enterprises to their region codes (for organisation conflicts): a dict, or a
    function that reads them for a list of enterprise ids."""
    conflicts: dict[int, list] = {}
    for insp, ent, org_code in inspectors["conflicts"]:
        conflicts.setdefault(insp, []).append((ent, org_code))
    chosen, planned = {}, {}
    for spec in specs:
        quota_seed = derived_seed(seed, "quota", spec["quota"])
        args = (*pools[spec["quota"]], spec["count"], params["random_share"], params["weights"])
        if algorithm == "es-keys-v1":
            chosen[spec["quota"]] = select(*args, quota_seed)
        else:
            picks, planned[spec["quota"]] = by_class.select(
                *args, params["class_ratios"], _mersenne(quota_seed)
            )
            chosen[spec["quota"]] = picks
    if callable(regions):
        regions = regions(sorted({e for picks in chosen.values() for e, _s in picks}))
    out = []
    for spec in specs:
        picks = []
        for order, (ent, share) in enumerate(chosen[spec["quota"]], start=1):
            members = team(
                inspectors["ids"],
                conflicts,
                ent,
                regions.get(ent, ""),
                params["team_size"],
                derived_seed(seed, "team", spec["quota"], order),
            )
            picks.append({"order": order, "enterprise": ent, "share": share, "inspectors": members})
        out.append(
            {
                "quota": spec["quota"],
                "requested": spec["count"],
                "pool_size": len(pools[spec["quota"]][0]),
                "random": sum(1 for p in picks if p["share"] == PickShare.RANDOM),
                "weighted": sum(1 for p in picks if p["share"] == PickShare.WEIGHTED),
                "short_teams": sum(1 for p in picks if len(p["inspectors"]) < params["team_size"]),
                "picks": picks,
                **({"classes": planned[spec["quota"]]} if spec["quota"] in planned else {}),
            }
        )
    picked = sorted({p["enterprise"] for q in out for p in q["picks"]})
    return {"quotas": out, "regions": {str(e): regions.get(e, "") for e in picked}}


@dataclass
class Prepared:
    params: dict
    specs: list[dict]
    pools: dict[int, tuple[list[int], str]]
    inspectors: dict
    inputs: dict = field(default_factory=dict)


def prepare(plan, seed: int, as_of: dt.datetime) -> Prepared:
    """Read everything a draw needs from the database, and describe it as `inputs`."""
    params = plan_params(plan)
    specs = quota_specs(plan)
    pools = pools_read(params, specs, as_of)
    inspectors = inspectors_read(params)
    inputs = {
        "algorithm": ALGORITHM,
        "seed": seed,
        "as_of": as_of.isoformat(),
        "params": params,
        "quotas": [
            {
                **s,
                "pool_size": len(pools[s["quota"]][0]),
                "pool_digest": pool_digest(*pools[s["quota"]]),
                "risk_mix": {c: pools[s["quota"]][1].count(c) for c in "ABCD"},
            }
            for s in specs
        ],
        "inspectors": inspectors,
        "inspectors_digest": digest(inspectors),
    }
    return Prepared(params, specs, pools, inspectors, inputs)


def run(plan, seed: int, as_of: dt.datetime) -> tuple[dict, dict, dict]:
    """(inputs, pools packed, result) of a new draw (with this version's algorithm)."""
    prep = prepare(plan, seed, as_of)
    result = compute(
        prep.params, prep.specs, seed, prep.pools, prep.inspectors, enterprise_regions, ALGORITHM
    )
    packed = {str(q): pool_pack(*pool) for q, pool in prep.pools.items()}
    return prep.inputs, packed, result


# --- verification --------------------------------------------------------------------------------


@dataclass
class Verification:
    draw_id: int
    ok: bool
    differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        head = f"draw {self.draw_id}: " + ("verified" if self.ok else "NOT verified")
        return "\n".join([head, *(f"  - {d}" for d in self.differences + self.notes)])


def verify(draw) -> Verification:
    """Re-run a stored draw. It verifies when the stored pools match their digests, the
    algorithm reproduces the stored result from them, and the stored picks match the result.
    A pool that differs when read again now is reported as 'data changed since the draw'."""
    from zhiliang.inspections.models import DrawPick

    v = Verification(draw.pk, True)
    inputs = draw.inputs
    algorithm = inputs.get("algorithm")
    if algorithm not in ALGORITHMS:
        v.ok = False
        v.differences.append(
            f"algorithm differs: draw made with {algorithm!r}, "
            f"this version runs {', '.join(map(repr, ALGORITHMS))}"
        )
        return v
    if draw.seed != inputs.get("seed"):
        v.ok = False
        v.differences.append(f"seed {draw.seed} differs from the inputs' seed {inputs.get('seed')}")
    if digest(draw.result) != draw.result_digest:
        v.ok = False
        v.differences.append("the stored result does not match its digest")
    params = inputs["params"]
    specs = [
        {k: q[k] for k in ("quota", "product", "products", "region", "count")}
        for q in inputs["quotas"]
    ]
    as_of = dt.datetime.fromisoformat(inputs["as_of"])
    pools: dict[int, tuple[list[int], str]] = {}
    pools_now = pools_read(params, specs, as_of)
    for q in inputs["quotas"]:
        packed = draw.pools.get(str(q["quota"]))
        stored = pool_unpack(packed) if packed else None
        if stored is None or pool_digest(*stored) != q["pool_digest"]:
            v.ok = False
            v.differences.append(f"quota {q['quota']}: the stored pool does not match its digest")
            return v
        pools[q["quota"]] = stored
        now = pools_now[q["quota"]]
        if pool_digest(*now) != q["pool_digest"]:
            ids_then, ids_now = set(stored[0]), set(now[0])
            v.notes.append(
                f"quota {q['quota']}: data changed since the draw (pool {len(stored[0])} → "
                f"{len(now[0])}: {len(ids_now - ids_then)} in, {len(ids_then - ids_now)} out, "
                "or risk classes changed); re-run on the stored pool"
            )
    if digest(inputs["inspectors"]) != inputs.get("inspectors_digest"):
        v.ok = False
        v.differences.append("the stored inspector register does not match its digest")
    regions = {int(k): val for k, val in draw.result.get("regions", {}).items()}
    again = compute(params, specs, draw.seed, pools, inputs["inspectors"], regions, algorithm)
    if again != draw.result:
        v.ok = False
        stored_q = {q["quota"]: q for q in draw.result.get("quotas", [])}
        for q in again["quotas"]:
            old = stored_q.get(q["quota"])
            if old != q:
                before = [(p["enterprise"], p["share"]) for p in (old or {}).get("picks", [])]
                after = [(p["enterprise"], p["share"]) for p in q["picks"]]
                v.differences.append(
                    f"quota {q['quota']}: re-run gives {after[:10]} "
                    f"but the draw recorded {before[:10]}"
                    + (" (teams differ)" if before == after else "")
                )
        if not v.differences:
            v.differences.append("the re-run result differs from the stored result")
    rows = {}
    for pick_id, quota, order, ent, share in (
        DrawPick.objects.filter(draw=draw)
        .order_by("quota_id", "order")
        .values_list("id", "quota_id", "order", "enterprise_id", "share")
    ):
        rows[pick_id] = {"quota": quota, "order": order, "enterprise": ent, "share": share}
    teams: dict[int, list[int]] = {}
    from zhiliang.inspections.models import DrawInspector

    for pick_id, insp in (
        DrawInspector.objects.filter(pick__draw=draw)
        .order_by("pick_id", "id")
        .values_list("pick_id", "inspector_id")
    ):
        teams.setdefault(pick_id, []).append(insp)
    recorded = sorted(
        (r["quota"], r["order"], r["enterprise"], r["share"], tuple(teams.get(pid, [])))
        for pid, r in rows.items()
    )
    expected = sorted(
        (q["quota"], p["order"], p["enterprise"], p["share"], tuple(p["inspectors"]))
        for q in draw.result.get("quotas", [])
        for p in q["picks"]
    )
    if recorded != expected:
        v.ok = False
        v.differences.append(
            f"the recorded picks ({len(recorded)}) differ from the stored result ({len(expected)})"
        )
    return v


__all__ = [
    "ALGORITHM",
    "ALGORITHMS",
    "Prepared",
    "Verification",
    "canonical",
    "compute",
    "conflicted",
    "derived_seed",
    "digest",
    "enterprise_regions",
    "inspectors_read",
    "months_before",
    "plan_params",
    "pool_digest",
    "pool_pack",
    "pool_read",
    "pool_unpack",
    "pools_read",
    "prepare",
    "quota_specs",
    "run",
    "select",
    "share_count",
    "team",
    "verify",
]
