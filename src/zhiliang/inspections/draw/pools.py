"""What a draw reads from the database: the plan's parameters, the quotas, the eligible
enterprise pool of each quota (sorted by id) and the inspectors with their conflicts."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from contextlib import contextmanager

import numpy as np
from django.db import connection
from django.db.models import Count, F, Max
from django.utils import timezone

from zhiliang.core.models.regions import subtree_ids
from zhiliang.core.side_read import read_both
from zhiliang.enterprises.choices import IN_BUSINESS
from zhiliang.enterprises.models import Enterprise, EnterpriseProduct, Product
from zhiliang.inspections import rules
from zhiliang.inspections.draw.keys import (
    months_before,
)

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
        "class_ratios": class_ratios(),
    }


def class_ratios() -> dict:
    """Each class's target sampling ratio (credit/data/steering.yaml) as decimal strings:
    stored in the draw's inputs, so a draw is verified with the ratios it used."""
    from zhiliang.credit.rules import steering

    ratios = steering()["ratios"]
    return {c: {"min": str(ratios[c]["min"]), "max": str(ratios[c]["max"])} for c in "ABCD"}


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
    """The pools of many quotas from narrow reads joined in NumPy: the links to the quotas'
    products (in enterprise order), and what is known of their enterprises. No join in the
    database: at province scale, merging 2 M links with 3 M enterprises row by row and
    aggregating them as text was most of the draw. When the quotas share one region, only
    the exceptions are read: the enterprises not eligible and those not of the default class
    (a scan that aggregates a few rows, not 3 M). Each product gets a bitmask of the quotas
    that cover it; an enterprise making two products of a quota is kept once. The same pools
    as `pool_read` gives one by one, without a scan per quota."""
    products = sorted({p for s in specs for p in s["products"]})
    ranges = [tuple(subtree_ids(s["region"])) for s in specs]
    lo, hi = min(r[0] for r in ranges), max(r[1] for r in ranges)
    same_region = len(set(ranges)) == 1
    # The links and the enterprises are two scans of their own: read at once when allowed.
    (eid, prod), known = read_both(
        lambda: _links_read(products),
        lambda: _enterprises_read(lo, hi, exceptions=same_region),
    )
    if not len(eid):
        return [([], "") for _s in specs]
    link_rid = None
    if same_region:
        ids, codes = known
        default = ord(Enterprise._meta.get_field("risk_class").default)
        # Position -1 (not an exception) picks the value appended: the default class.
        cls = np.append(codes, default)[_rows_of(eid, ids)].astype(np.uint8)
    else:
        ids, codes, rid = known
        pos = _rows_of(eid, ids)  # -1 (not eligible) picks the 0 appended
        cls = np.append(codes, 0)[pos].astype(np.uint8)
        link_rid = np.append(rid, 0)[pos]
    if np.any(cls == 1):  # an empty class: the pool's class string would not line up
        raise RuntimeError("an enterprise in business has no risk class")
    pools = []
    for start in range(0, len(specs), MASK_BITS):
        chunk = specs[start : start + MASK_BITS]
        lookup = np.zeros(max(products[-1], int(prod.max())) + 1, dtype=np.int64)
        for bit, spec in enumerate(chunk):
            lookup[spec["products"]] |= 1 << bit
        masks = np.where(cls > 0, lookup[prod], 0)  # class 0: not eligible
        for bit, (lo, hi) in enumerate(ranges[start : start + MASK_BITS]):
            take = (masks >> bit) & 1 == 1
            if link_rid is not None:
                take &= (link_rid >= lo) & (link_rid <= hi)
            ids, classes = eid[take], cls[take]
            first = np.ones(len(ids), dtype=bool)  # an enterprise's first link of the quota
            first[1:] = ids[1:] != ids[:-1]
            pools.append((ids[first].tolist(), classes[first].tobytes().decode("ascii")))
    return pools


def _enterprises_read(lo: int, hi: int, *, exceptions: bool):
    with _cached_index_costs():  # on this thread's connection too
        return _exceptions_read(lo, hi) if exceptions else _eligible_read(lo, hi)


def _rows_of(keys: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """The position in `ids` (sorted, unique) of each key, -1 where it is absent: by a table
    indexed by id when the ids are dense (they come from a sequence), else by bisection."""
    if not len(ids):
        return np.full(len(keys), -1, dtype=np.int64)
    top = int(max(keys.max(), ids[-1]))
    if top <= 4 * len(ids) + 4_000_000:
        table = np.full(top + 1, -1, dtype=np.int64)
        table[ids] = np.arange(len(ids))
        return table[keys]
    pos = np.minimum(np.searchsorted(ids, keys), len(ids) - 1)
    return np.where(ids[pos] == keys, pos, -1)


# Two values packed in one integer: one aggregate per row instead of two (the per-row
# aggregates cost more than the scans). `_fits` checks that the largest id packs.
CLASS_SPAN = 128  # an ASCII code; 0: not eligible, 1: no class


def _links_read(products: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """(enterprise, product) of the links to these products, in enterprise order (sorted
    here: cheaper than in the database). For most of the catalogue, every link: a test of
    each link against the product list costs more in the database than reading the few
    others, which the quotas' bitmasks leave out."""
    catalogue = Product.objects.aggregate(n=Count("id"), top=Max("id"))
    span = max(catalogue["top"] or 0, products[-1]) + 1
    _fits(span)
    table = EnterpriseProduct._meta.db_table
    if 2 * len(products) >= catalogue["n"]:
        where, args = "", [span]
    elif connection.vendor == "postgresql":
        where, args = " WHERE product_id = ANY(%s)", [span, products]
    else:
        where = f" WHERE product_id IN ({', '.join(['%s'] * len(products))})"
        args = [span, *products]
    (packed,) = _int64_columns(f"FROM {table}{where}", ["enterprise_id * %s + product_id"], args)
    # Timsort: the table mostly holds an enterprise's links together and in id order, as
    # they were added — runs it merges in a pass (1 ms instead of 90 for 1.8 M links).
    packed.sort(kind="stable")
    return packed // span, packed % span


def _class_code() -> str:
    """SQL for the ASCII code of an enterprise's class, 1 for an empty one."""
    if connection.vendor == "postgresql":
        return "greatest(ascii(risk_class), 1)"
    return "coalesce(unicode(risk_class), 1)"


ELIGIBLE = "status IN (%s, %s) AND region_id BETWEEN %s AND %s"


def _exceptions_read(lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """(id, code) of the enterprises not eligible (not in business, or outside the range:
    code 0) and of the eligible ones of another class than the default (its ASCII code), in
    id order. Every other enterprise is eligible and of the default class."""
    _fits(CLASS_SPAN)
    default = Enterprise._meta.get_field("risk_class").default
    args = [*(s.value for s in IN_BUSINESS), lo, hi]
    (packed,) = _int64_columns(
        f"FROM {_pool_table()} WHERE NOT ({ELIGIBLE}) OR risk_class <> %s",
        [f"id * {CLASS_SPAN} + CASE WHEN {ELIGIBLE} THEN {_class_code()} ELSE 0 END"],
        [*args, *args, default],  # the SELECT's, then the WHERE's
    )
    packed.sort(kind="stable")  # read in index order already: a pass
    return packed // CLASS_SPAN, packed % CLASS_SPAN


def _eligible_read(lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(id, class code, region) of the enterprises in business in the range, in id order."""
    _fits(CLASS_SPAN)
    packed, rid = _int64_columns(
        f"FROM (SELECT id * {CLASS_SPAN} + {_class_code()} AS v, region_id AS r"
        f" FROM {_pool_table()} WHERE {ELIGIBLE} ORDER BY id) p",
        ["v", "r"],
        [*(s.value for s in IN_BUSINESS), lo, hi],
    )
    return packed // CLASS_SPAN, packed % CLASS_SPAN, rid


def _pool_table() -> str:
    # SQLite: the draw-pool index holds every column read (without it, a row lookup each).
    table = Enterprise._meta.db_table
    return f"{table} INDEXED BY enterprise_draw_pool" if connection.vendor == "sqlite" else table


def _fits(span: int) -> None:
    top = Enterprise.objects.aggregate(n=Max("id"))["n"] or 0
    if top * span >= 2**63:
        raise RuntimeError("enterprise ids too large to pack")


def _int64_columns(source: str, columns: list[str], args: list) -> list[np.ndarray]:
    """Integer columns of a query, each aggregated into one value in the database and read
    into NumPy: PostgreSQL concatenates the 8-byte big-endian forms (`int8send`), SQLite the
    decimal texts. A million rows cross into Python as a few values, not a million tuples;
    the columns of one query come in the same row order."""
    if connection.vendor == "postgresql":
        aggs = [f"string_agg(int8send(({c})::int8), '')" for c in columns]
    else:
        aggs = [f"group_concat({c})" for c in columns]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(aggs)} {source}", args)
        values = cursor.fetchone()
    if connection.vendor == "postgresql":
        out = [np.frombuffer(v or b"", dtype=">i8").astype(np.int64) for v in values]
    else:
        out = [np.fromstring(v or "", dtype=np.int64, sep=",") for v in values]
    if len({len(c) for c in out}) > 1:  # e.g. a NULL left out, or a real number
        raise RuntimeError("the pool's columns differ in length")
    return out


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


def enterprise_regions(ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for start in range(0, len(ids), 5000):
        out.update(
            Enterprise.objects.filter(id__in=ids[start : start + 5000]).values_list(
                "id", "region__code"
            )
        )
    return out
