"""The seeded 双随机 draw: enterprises for every quota, then an inspector team for each.

Reproducible by construction:
- every pool is read from the database sorted by id (never dict/set or row order);
- every random number comes from `random.Random(k)`, whose `random()` stream Python
  guarantees for a given seed, with `k` derived from the draw's seed and the quota id by SHA-256;
- the control share takes the smallest uniform keys; the weighted share takes the largest
  Efraimidis–Spirakis keys log(u)/w over the rest (weighted sampling without replacement);
- ties break on the pool position.

`compute` is a pure function of (params, quota specs, seed, pools, inspectors); `pools_read`
reads the eligible pools from the database. A draw stores its inputs, its pools (compressed)
and its result; `verify` re-runs it and says whether the result reproduces, and whether the
data has changed since (the pool recomputed now differs from the stored one).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import heapq
import json
import math
import random
import sys
import zlib
from array import array
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate

from django.db import connection

from zhiliang.core.models.regions import subtree_ids
from zhiliang.enterprises.choices import IN_BUSINESS
from zhiliang.enterprises.models import Enterprise, EnterpriseProduct, Product
from zhiliang.inspections import rules
from zhiliang.inspections.choices import PickShare

ALGORITHM = "es-keys-v1"


# --- helpers -------------------------------------------------------------------------------


def canonical(obj) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(obj) -> str:
    return hashlib.sha256(canonical(obj).encode()).hexdigest()


def derived_seed(seed: int, *parts) -> int:
    text = ":".join(str(p) for p in (seed, *parts))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def share_count(n: int, share: Decimal | str | float) -> int:
    return int((Decimal(n) * Decimal(str(share))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def pool_digest(ids: list[int], classes: str) -> str:
    packed = array("Q", ids)
    if sys.byteorder != "little":
        packed.byteswap()
    h = hashlib.sha256()
    h.update(packed.tobytes())  # ids as little-endian 64-bit integers
    h.update(b"|")
    h.update(classes.encode())
    return h.hexdigest()


def pool_pack(ids: list[int], classes: str) -> dict:
    """Sorted ids as zlib-compressed 64-bit deltas; classes as a zlib-compressed string."""
    deltas = array("Q", [b - a for a, b in zip([0, *ids], ids, strict=False)])
    if sys.byteorder != "little":
        deltas.byteswap()
    return {
        "ids": base64.b64encode(zlib.compress(deltas.tobytes(), 1)).decode(),
        "classes": base64.b64encode(zlib.compress(classes.encode(), 6)).decode(),
    }


def pool_unpack(packed: dict) -> tuple[list[int], str]:
    deltas = array("Q")
    deltas.frombytes(zlib.decompress(base64.b64decode(packed["ids"])))
    if sys.byteorder != "little":
        deltas.byteswap()
    ids = list(accumulate(deltas))
    classes = zlib.decompress(base64.b64decode(packed["classes"])).decode()
    return ids, classes


# --- inputs from the database ----------------------------------------------------------------


def plan_params(plan) -> dict:
    window = int(rules.sampling_rules()["repeat_window_months"])
    return {
        "plan": plan.pk,
        "level": plan.level,
        "region": plan.region.code,
        "random_share": str(plan.random_share),
        "team_size": int(plan.team_size),
        "weights": {k: str(v) for k, v in plan.weights().items()},
        "repeat_window_months": window,
        "barring_levels": rules.same_or_higher_levels(plan.level),
    }


def quota_specs(plan) -> list[dict]:
    """Each quota with the product ids it covers (a category covers its products)."""
    quotas = list(plan.quotas.select_related("product", "region").order_by("id"))
    category_ids = [q.product_id for q in quotas if q.product.parent_id is None]
    children: dict[int, list[int]] = {}
    for pid, parent in (
        Product.objects.filter(parent_id__in=category_ids)
        .order_by("id")
        .values_list("id", "parent")
    ):
        children.setdefault(parent, []).append(pid)
    specs = []
    for q in quotas:
        products = sorted({q.product_id, *children.get(q.product_id, [])})
        specs.append(
            {
                "quota": q.pk,
                "product": q.product.code,
                "products": products,
                "region": q.region.code,
                "count": int(q.quota),
            }
        )
    return specs


def pool_queryset(params: dict, spec: dict, as_of: dt.datetime):
    """The enterprises of a quota that make one of its products, lie in its region and are in
    business (before the repeat rule, which `pool_read` applies)."""
    makers = EnterpriseProduct.objects.filter(product_id__in=spec["products"]).values(
        "enterprise_id"
    )
    return Enterprise.objects.filter(
        region__id__range=subtree_ids(spec["region"]),
        status__in=list(IN_BUSINESS),
        id__in=makers,
    ).order_by("id")


def barred_queryset(params: dict, spec: dict, as_of: dt.datetime):
    """Enterprises sampled for these products within the window by a plan of the same or a
    higher level (samples recorded after `as_of` do not count): they may not be drawn."""
    from zhiliang.inspections.models import Sample

    since = months_before(as_of.date(), int(params["repeat_window_months"]))
    return Sample.objects.filter(
        product_id__in=spec["products"],
        sampled_on__gte=since,
        sampled_on__lte=as_of.date(),
        created_at__lt=as_of,
        plan__level__in=params["barring_levels"],
    ).values_list("enterprise_id", flat=True)


def _fetch(queryset) -> list[tuple]:
    sql, args = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall()


def pool_read(params: dict, spec: dict, as_of: dt.datetime) -> tuple[list[int], str]:
    """The eligible pool, sorted by id: (ids, their risk classes as one string). The few
    recently sampled enterprises are read apart and left out here: one index probe per
    sample instead of a correlated probe per candidate."""
    barred = set(barred_queryset(params, spec, as_of))
    if len(spec["products"]) == 1:
        # One product: each enterprise makes it once, so the links drive the read.
        rows = _fetch(
            EnterpriseProduct.objects.filter(
                product_id=spec["products"][0],
                enterprise__region__id__range=subtree_ids(spec["region"]),
                enterprise__status__in=list(IN_BUSINESS),
            )
            .order_by("enterprise_id")
            .values_list("enterprise_id", "enterprise__risk_class")
        )
    else:
        rows = _fetch(pool_queryset(params, spec, as_of).values_list("id", "risk_class"))
    if barred:
        rows = [r for r in rows if r[0] not in barred]
    return [r[0] for r in rows], "".join([r[1] for r in rows])


def inspectors_read(params: dict) -> dict:
    """Active inspectors of organisations in the plan's jurisdiction, and their conflicts."""
    from zhiliang.inspections.models import Inspector, InspectorConflict

    ids = list(
        Inspector.objects.filter(
            active=True, organization__region__id__range=subtree_ids(params["region"])
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    conflicts = [
        [insp, ent, org_code]
        for insp, ent, org_code in InspectorConflict.objects.filter(inspector_id__in=ids)
        .order_by("inspector_id", "id")
        .values_list("inspector_id", "enterprise_id", "organization__region__code")
    ]
    return {"ids": ids, "conflicts": conflicts}


# --- the algorithm -----------------------------------------------------------------------------


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
    rng = random.Random(seed)
    n_random = min(share_count(count, random_share), count)
    n_weighted = count - n_random
    u = [rng.random() for _ in range(n)]
    v = [1.0 - rng.random() for _ in range(n)]  # (0, 1]
    first = heapq.nsmallest(n_random, range(n), key=u.__getitem__)
    chosen = set(first)
    w = {k: float(Decimal(str(x))) for k, x in weights.items()}
    keyed = []
    if n_weighted:
        for cls in sorted(set(classes)):
            if w.get(cls, 0) <= 0:
                continue
            members = [i for i, c in enumerate(classes) if c == cls]
            best = heapq.nlargest(n_weighted + n_random, members, key=v.__getitem__)
            keyed += [(math.log(v[i]) / w[cls], -i) for i in best if i not in chosen]
    rest = heapq.nlargest(n_weighted, keyed)
    picks = [(ids[i], PickShare.RANDOM.value) for i in first]
    picks += [(ids[-neg], PickShare.WEIGHTED.value) for _key, neg in rest]
    return picks


def conflicted(inspector: int, enterprise: int, region_code: str, conflicts: dict) -> bool:
    for ent, org_code in conflicts.get(inspector, ()):
        if ent == enterprise or (org_code and region_code.startswith(org_code)):
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
) -> dict:
    """The result of a draw: picks per quota with their share and team. `regions` maps the
    picked enterprises to their region codes (for organisation conflicts): a dict, or a
    function that reads them for a list of enterprise ids."""
    conflicts: dict[int, list] = {}
    for insp, ent, org_code in inspectors["conflicts"]:
        conflicts.setdefault(insp, []).append((ent, org_code))
    chosen = {
        spec["quota"]: select(
            *pools[spec["quota"]],
            spec["count"],
            params["random_share"],
            params["weights"],
            derived_seed(seed, "quota", spec["quota"]),
        )
        for spec in specs
    }
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
            }
        )
    picked = sorted({p["enterprise"] for q in out for p in q["picks"]})
    return {"quotas": out, "regions": {str(e): regions.get(e, "") for e in picked}}


def enterprise_regions(ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        out.update(
            Enterprise.objects.filter(id__in=ids[start : start + 500]).values_list(
                "id", "region__code"
            )
        )
    return out


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
    pools = {s["quota"]: pool_read(params, s, as_of) for s in specs}
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
    """(inputs, pools packed, result) of a new draw."""
    prep = prepare(plan, seed, as_of)
    result = compute(prep.params, prep.specs, seed, prep.pools, prep.inspectors, enterprise_regions)
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
    if inputs.get("algorithm") != ALGORITHM:
        v.ok = False
        v.differences.append(
            f"algorithm differs: draw made with {inputs.get('algorithm')!r}, "
            f"this version runs {ALGORITHM!r}"
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
    for q in inputs["quotas"]:
        packed = draw.pools.get(str(q["quota"]))
        stored = pool_unpack(packed) if packed else None
        if stored is None or pool_digest(*stored) != q["pool_digest"]:
            v.ok = False
            v.differences.append(f"quota {q['quota']}: the stored pool does not match its digest")
            return v
        pools[q["quota"]] = stored
        now = pool_read(params, q, as_of)
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
    again = compute(params, specs, draw.seed, pools, inputs["inspectors"], regions)
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
