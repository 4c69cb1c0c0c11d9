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

import base64
import datetime as dt
import hashlib
import heapq
import json
import math
import random
import zlib
from bisect import bisect_left
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.db import connection
from django.db.models import F, Max
from django.utils import timezone

from zhiliang.core.models.regions import code_contains, subtree_ids
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


def _u64(values) -> np.ndarray:
    return np.asarray(values, dtype="<u8")  # little-endian 64-bit, whatever the machine


def pool_digest(ids: list[int], classes: str) -> str:
    h = hashlib.sha256()
    h.update(_u64(ids).tobytes())  # ids as little-endian 64-bit integers
    h.update(b"|")
    h.update(classes.encode())
    return h.hexdigest()


def pool_pack(ids: list[int], classes: str) -> dict:
    """Sorted ids as zlib-compressed 64-bit deltas; classes as a zlib-compressed string."""
    deltas = _u64(np.diff(np.asarray(ids, dtype=np.int64), prepend=0))
    return {
        "ids": base64.b64encode(zlib.compress(deltas.tobytes(), 1)).decode(),
        "classes": base64.b64encode(zlib.compress(classes.encode(), 1)).decode(),
    }


def pool_unpack(packed: dict) -> tuple[list[int], str]:
    deltas = np.frombuffer(zlib.decompress(base64.b64decode(packed["ids"])), dtype="<u8")
    ids = np.cumsum(deltas, dtype=np.uint64).tolist()
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

    # The bureau's date: from 00:00 to 08:00 in Beijing, UTC's date is still yesterday's.
    day = timezone.localdate(as_of)
    since = months_before(day, int(params["repeat_window_months"]))
    return Sample.objects.filter(
        product_id__in=spec["products"],
        sampled_on__gte=since,
        sampled_on__lte=day,
        created_at__lt=as_of,
        plan__level__in=params["barring_levels"],
    ).values_list("enterprise_id", flat=True)


def _parsed(id_text: str | None, classes: str | None) -> tuple[list[int], str]:
    if not id_text:
        return [], ""
    ids = list(map(int, id_text.split(",")))
    if ids != sorted(ids):  # never seen, but string aggregates do not promise the order
        pairs = sorted(zip(ids, classes, strict=True))
        ids, classes = [i for i, _c in pairs], "".join(c for _i, c in pairs)
    return ids, classes


def _aggregated(queryset) -> tuple[list[int], str]:
    """A pool query's (pid, cls) rows, sorted by pid, as (ids, classes): the database joins
    them into two strings, so the pool crosses into Python as two values, not a million
    rows."""
    sql, args = queryset.query.sql_with_params()
    if connection.vendor == "postgresql":
        sql = (
            "SELECT string_agg(p.pid::text, ',' ORDER BY p.pid), "
            f"string_agg(p.cls, '' ORDER BY p.pid) FROM ({sql}) p"
        )
    else:  # SQLite joins in the order of the (sorted) subquery
        sql = f"SELECT group_concat(p.pid, ','), group_concat(p.cls, '') FROM ({sql}) p"
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return _parsed(*cursor.fetchone())


# Above this many product links (estimated), the quotas are read in one ordered pass.
ONE_PASS_LINKS = 300_000
MASK_BITS = 62  # quotas told apart per bitmask (a signed 64-bit integer)


# The draw probes the narrow draw-pool index, which a working database holds in memory; the
# stock PostgreSQL cost of a random page (4, for spinning disks) makes the planner scan whole
# regions instead (200 ms instead of 20 ms per product and city, measured).
RANDOM_PAGE_COST = 1.1


@contextmanager
def _cached_index_costs():
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        if float(cursor.fetchone()[0]) <= RANDOM_PAGE_COST:
            yield
            return
        cursor.execute(f"SET random_page_cost = {RANDOM_PAGE_COST}")
        try:
            yield
        finally:
            cursor.execute("RESET random_page_cost")


def pools_read(params: dict, specs: list[dict], as_of: dt.datetime) -> dict:
    """Every quota's eligible pool (see `pool_read`), by quota id."""
    with _cached_index_costs():
        return _pools_read(params, specs, as_of)


def _pools_read(params: dict, specs: list[dict], as_of: dt.datetime) -> dict:
    if len(specs) < 2 or _links(specs) < ONE_PASS_LINKS:
        return {s["quota"]: pool_read(params, s, as_of) for s in specs}
    pools = {}
    barred = _barred_by_product(params, specs, as_of)
    for spec, pool in zip(specs, _one_pass(specs), strict=True):
        out = set().union(*(barred.get(p, ()) for p in spec["products"]))
        pools[spec["quota"]] = _without(*pool, out) if out else pool
    return pools


def _barred_by_product(params: dict, specs: list[dict], as_of: dt.datetime) -> dict:
    """`barred_queryset` for all quotas at once: product → enterprises barred from it."""
    every = {"products": sorted({p for s in specs for p in s["products"]})}
    barred: dict[int, set[int]] = {}
    for enterprise, product in barred_queryset(params, every, as_of).values_list(
        "enterprise_id", "product_id"
    ):
        barred.setdefault(product, set()).add(enterprise)
    return barred


def _links(specs: list[dict]) -> float:
    """About how many product links the quotas would read one by one (cheap: no count)."""
    links = EnterpriseProduct.objects.aggregate(n=Max("id"))["n"] or 0
    return links * sum(len(s["products"]) for s in specs) / (Product.objects.count() or 1)


def _one_pass(specs: list[dict]) -> list[tuple[list[int], str]]:
    """The pools of many quotas from one pass over the product links in enterprise order
    (each joined to its enterprise), split per quota with NumPy: each product gets a bitmask
    of the quotas that cover it, an enterprise making two products of a quota is kept once.
    The same pools as `pool_read` gives one by one, without a scan per quota."""
    products = sorted({p for s in specs for p in s["products"]})
    ranges = [tuple(subtree_ids(s["region"])) for s in specs]
    one_region = len(set(ranges)) == 1
    if connection.vendor == "postgresql":
        agg, join, in_products = "string_agg({}::text, '{}')", "JOIN", "= ANY(%s)"
        args = [products]
    else:  # SQLite: CROSS JOIN makes the links (in enterprise order) the outer loop
        agg, join = "group_concat({}, '{}')", "CROSS JOIN"
        in_products = f"IN ({', '.join(['%s'] * len(products))})"
        args = list(products)
    columns = [("p.pid", ","), ("p.prod", ","), ("p.cls", "")]
    columns += [] if one_region else [("p.rid", ",")]
    sql = (
        f"SELECT {', '.join(agg.format(*c) for c in columns)} FROM ("
        " SELECT ep.enterprise_id AS pid, ep.product_id AS prod, e.risk_class AS cls,"
        " e.region_id AS rid"
        f" FROM {EnterpriseProduct._meta.db_table} ep {join} {Enterprise._meta.db_table} e"
        " ON e.id = ep.enterprise_id"
        f" WHERE ep.product_id {in_products} AND e.status IN (%s, %s)"
        " AND e.region_id BETWEEN %s AND %s"
        " ORDER BY ep.enterprise_id) p"
    )
    args += [status.value for status in IN_BUSINESS]
    args += [min(lo for lo, _hi in ranges), max(hi for _lo, hi in ranges)]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        row = cursor.fetchone()
    if not row[0]:
        return [([], "") for _s in specs]
    eid, prod = (np.fromstring(text, dtype=np.int64, sep=",") for text in row[:2])
    cls = np.frombuffer(row[2].encode("ascii"), dtype=np.uint8)
    rid = None if one_region else np.fromstring(row[3], dtype=np.int64, sep=",")
    if not (len(eid) == len(prod) == len(cls)):
        raise RuntimeError("the pool's columns differ in length")
    if np.any(eid[1:] < eid[:-1]):  # never seen; the order is what the split relies on
        order = np.argsort(eid, kind="stable")
        eid, prod, cls = eid[order], prod[order], cls[order]
        rid = None if rid is None else rid[order]
    pools = []
    for start in range(0, len(specs), MASK_BITS):
        chunk = specs[start : start + MASK_BITS]
        lookup = np.zeros(products[-1] + 1, dtype=np.int64)
        for bit, spec in enumerate(chunk):
            lookup[spec["products"]] |= 1 << bit
        masks = lookup[prod]
        for bit, (lo, hi) in enumerate(ranges[start : start + MASK_BITS]):
            take = (masks >> bit) & 1 == 1
            if rid is not None:
                take &= (rid >= lo) & (rid <= hi)
            ids, classes = eid[take], cls[take]
            first = np.ones(len(ids), dtype=bool)  # an enterprise's first link of the quota
            first[1:] = ids[1:] != ids[:-1]
            pools.append((ids[first].tolist(), classes[first].tobytes().decode("ascii")))
    return pools


def _without(ids: list[int], classes: str, barred: set[int]) -> tuple[list[int], str]:
    """The pool less the barred enterprises, cut out of the sorted lists by bisection."""
    cuts = sorted(pos for b in barred if (pos := bisect_left(ids, b)) < len(ids) and ids[pos] == b)
    if not cuts:
        return ids, classes
    keep_ids, keep_classes, start = [], [], 0
    for pos in cuts:
        keep_ids += ids[start:pos]
        keep_classes.append(classes[start:pos])
        start = pos + 1
    keep_ids += ids[start:]
    keep_classes.append(classes[start:])
    return keep_ids, "".join(keep_classes)


def pool_read(params: dict, spec: dict, as_of: dt.datetime) -> tuple[list[int], str]:
    """The eligible pool, sorted by id: (ids, their risk classes as one string). The few
    recently sampled enterprises are read apart and cut out afterwards: one index probe per
    sample instead of a probe per candidate."""
    barred = set(barred_queryset(params, spec, as_of))
    if len(spec["products"]) == 1:
        # One product: each enterprise makes it once, so the links drive the read.
        rows = EnterpriseProduct.objects.filter(
            product_id=spec["products"][0],
            enterprise__region__id__range=subtree_ids(spec["region"]),
            enterprise__status__in=list(IN_BUSINESS),
        ).annotate(pid=F("enterprise_id"), cls=F("enterprise__risk_class"))
    else:
        rows = pool_queryset(params, spec, as_of).annotate(pid=F("id"), cls=F("risk_class"))
    ids, classes = _aggregated(rows.order_by("pid").values_list("pid", "cls"))
    return _without(ids, classes, barred) if barred else (ids, classes)


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


def _mersenne(seed: int) -> np.random.RandomState:
    """NumPy's Mersenne Twister put in the state of `random.Random(seed)`: the same stream of
    `random()` numbers (same generator, same 53-bit construction), drawn in bulk."""
    state = random.Random(seed).getstate()[1]
    rs = np.random.RandomState()
    rs.set_state(("MT19937", np.array(state[:-1], dtype=np.uint32), state[-1]))
    return rs


def _smallest(values: np.ndarray, k: int, among: np.ndarray | None = None) -> list[int]:
    """The positions of the k smallest values (of those `among`), ties to the lower position:
    what `heapq.nsmallest(k, positions, key=values.__getitem__)` returns."""
    idx = np.arange(len(values)) if among is None else among
    vals = values[idx]
    if k < len(idx):
        kth = np.partition(vals, k - 1)[k - 1]
        keep = vals <= kth
        idx, vals = idx[keep], vals[keep]
    return idx[np.lexsort((idx, vals))][:k].tolist()


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
    for start in range(0, len(ids), 5000):
        out.update(
            Enterprise.objects.filter(id__in=ids[start : start + 5000]).values_list(
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
