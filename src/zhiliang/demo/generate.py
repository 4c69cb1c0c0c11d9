"""Writing synthetic data: organisations, then enterprises county by county, streamed.

Rows are made lazily and inserted 5,000 at a time, so memory stays flat at any scale.
A county that already has enterprises is skipped, which makes a second run a no-op.
"""

import time
from collections import defaultdict
from itertools import islice

from django.db import connection, transaction
from django.utils.translation import pgettext
from simple_history.utils import bulk_create_with_history
from tqdm import tqdm

from zhiliang.core import yamldata
from zhiliang.core.choices import RegionLevel
from zhiliang.core.models import Region
from zhiliang.demo import words
from zhiliang.demo.marker import synthetic_data_mark
from zhiliang.demo.organizations import organizations_ensure
from zhiliang.demo.synthetic import Place, county_counts, enterprise_rows, scope_code
from zhiliang.enterprises.catalogue import PRODUCTS_YAML
from zhiliang.enterprises.models import Enterprise, EnterpriseProduct, Industry, Product

BATCH = 5000
# History rows double the writes; at province scale they cost more than they show.
HISTORY_BY_DEFAULT = {"district": True, "city": True, "province": False}
# Traders that sell catalogue food (流通环节): wholesale and retail.
FOOD_SELLERS = ("51", "52")


class MissingReferenceData(Exception):
    pass


def places_in(scope: str):
    regions = Region.objects.subtree(scope).filter(level__gte=RegionLevel.CITY)
    cities, counties, townships = {}, [], defaultdict(list)
    for pk, code, name, level in regions.values_list("id", "code", "name", "level"):
        if level == RegionLevel.CITY:
            cities[code] = name
        elif level == RegionLevel.COUNTY:
            counties.append(Place(pk, code, name))
        else:
            townships[code[:6]].append(Place(pk, code, name))
    if not counties:
        raise MissingReferenceData(f"no regions under {scope}: run `zhiliang load-regions` first")
    return cities, counties, townships


def industry_ids() -> dict[str, int]:
    ids = dict(Industry.objects.filter(level=2).values_list("code", "id"))
    missing = sorted({code for code, _w, _n in words.INDUSTRY_MIX} - set(ids))
    if missing:
        raise MissingReferenceData(f"industry divisions missing: {', '.join(missing)}")
    return ids


def products_by_division() -> dict[str, list[int]]:
    """Industry division → catalogue products its enterprises make, from the catalogue's
    `industries` hints (a product's own, else its category's); traders sell food."""

    with open(PRODUCTS_YAML, encoding="utf-8") as fh:
        data = yamldata.load(fh)
    ids = dict(Product.objects.values_list("code", "id"))
    out: dict[str, set[int]] = defaultdict(set)
    for category in data["categories"]:
        for product in category.get("products", []):
            pid = ids.get(str(product["code"]))
            if pid is None:
                continue
            for division in product.get("industries", category.get("industries", [])):
                out[str(division)].add(pid)
            if product.get("food", category.get("food", False)):
                for division in FOOD_SELLERS:
                    out[division].add(pid)
    return {d: sorted(p) for d, p in sorted(out.items())}


def products_by_word(by_division: dict[str, list[int]]) -> dict[tuple[str, str], list[int]]:
    """(division, name word) → the division's products that a firm so named makes
    (`words.MAKES`); pairs not listed make any product of their division."""
    names = dict(Product.objects.values_list("id", "name"))
    out = {}
    for division, _weight, wordlist in words.INDUSTRY_MIX:
        for word in wordlist:
            if word in words.MAKES:
                keys = words.MAKES[word]
                out[division, word] = [
                    pid
                    for pid in by_division.get(division, ())
                    if any(k in names[pid] for k in keys)
                ]
    return out


def _insert(chunk_rows: list[dict], history: bool) -> int:
    """Insert enterprises, then the products they make; returns the product links made."""
    products = [row.pop("_products", ()) for row in chunk_rows]
    chunk = [Enterprise(**row) for row in chunk_rows]
    if history:
        bulk_create_with_history(
            chunk, Enterprise, batch_size=BATCH, default_change_reason="demo data"
        )
        if chunk and chunk[0].pk is None:  # bulk_create_with_history may not set pks
            pks = dict(
                Enterprise.objects.filter(uscc__in=[e.uscc for e in chunk]).values_list(
                    "uscc", "id"
                )
            )
            for e in chunk:
                e.pk = pks[e.uscc]
    else:
        Enterprise.objects.bulk_create(chunk, batch_size=BATCH)
    links = [
        EnterpriseProduct(enterprise_id=e.pk, product_id=pid)
        for e, made in zip(chunk, products, strict=True)
        for pid in made
    ]
    if links:
        if history:
            bulk_create_with_history(
                links, EnterpriseProduct, batch_size=BATCH, default_change_reason="demo data"
            )
        else:
            EnterpriseProduct.objects.bulk_create(links, batch_size=BATCH)
    return len(links)


def _analyze() -> None:
    # After a bulk load the planner's statistics describe an empty table; stale ones made
    # PostgreSQL sort whole registries instead of walking an index. On PostgreSQL, VACUUM
    # also sets the visibility map, without which every count visits the table's heap.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def enterprises_generate(
    *,
    scale: str,
    seed: int = 1,
    limit: int | None = None,
    history: bool | None = None,
    progress: bool = True,
) -> dict:
    """Generate the enterprises of `scale`; `limit` scales the total down (for tests)."""
    history = HISTORY_BY_DEFAULT[scale] if history is None else history
    scope = scope_code(scale)
    cities, counties, townships = places_in(scope)
    counts = county_counts(scale, {c.code: len(townships[c.code]) for c in counties}, limit)
    industries = industry_ids()
    makes = products_by_division()
    makes_by_word = products_by_word(makes)
    started = time.monotonic()
    todo, skipped = [], []
    for county in counties:
        if not counts.get(county.code):
            continue
        if Enterprise.objects.in_region(county.code).exists():
            skipped.append(county.code)
        else:
            todo.append(county)
    created = links = 0
    unit = " " + pgettext("progress", "ent")  # the bar's rate, in the set-up's language
    total = sum(counts[c.code] for c in todo)
    bar = tqdm(total=total, unit=unit, disable=not (progress and total))  # none on a re-run
    with bar:
        for county in todo:
            rows = enterprise_rows(
                seed=seed,
                city_name=cities[county.code[:4]],
                county=county,
                townships=townships[county.code],
                count=counts[county.code],
                industry_ids=industries,
                products_by_division=makes,
                products_by_word=makes_by_word,
            )
            # One transaction per county: an interrupted run leaves whole counties only.
            with transaction.atomic():
                while chunk := list(islice(rows, BATCH)):
                    links += _insert(chunk, history)
                    created += len(chunk)
                    bar.update(len(chunk))
    if created:
        _analyze()
    return {
        "scope": scope,
        "created": created,
        "products_made": links,
        "skipped_counties": skipped,
        "history": history,
        "seconds": time.monotonic() - started,
    }


def generate(*, scale: str, seed: int = 1, limit=None, history=None, progress=True) -> dict:
    """Organisations and enterprises of `scale`; safe to run again. Marks the installation
    as one with synthetic data, so that its pages say so."""
    synthetic_data_mark()
    organizations = organizations_ensure(scope=scope_code(scale))
    result = enterprises_generate(
        scale=scale, seed=seed, limit=limit, history=history, progress=progress
    )
    return {**result, "organizations": organizations}
