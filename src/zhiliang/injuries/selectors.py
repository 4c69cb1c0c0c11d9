"""Reads of injury surveillance, always through `visible_to(user)` (the hospital's region),
and `injury_counts` for the risk signals."""

from datetime import date

from django.db.models import Count, Max, Min

from zhiliang.core.filtersets import filled
from zhiliang.core.models import Region
from zhiliang.enterprises.models import Product
from zhiliang.injuries import estimates as est
from zhiliang.injuries.filtersets import CaseFilterSet, HospitalFilterSet
from zhiliang.injuries.models import InjuryCase, InjuryCaseProduct, SentinelHospital

CASE_RELATED = ("hospital", "region")


def hospital_list(*, user, filters=None):
    qs = SentinelHospital.objects.visible_to(user).select_related("region")
    return HospitalFilterSet(filled(filters), queryset=qs, user=user)


def hospital_get(*, user, pk) -> SentinelHospital:
    return SentinelHospital.objects.visible_to(user).select_related("region").get(pk=pk)


def hospital_case_counts(*, hospital) -> dict:
    return InjuryCase.objects.filter(hospital=hospital).aggregate(
        total=Count("pk"), first=Min("treated_on"), last=Max("treated_on")
    )


def case_list(*, user, filters=None):
    qs = InjuryCase.objects.visible_to(user).select_related(*CASE_RELATED)
    return CaseFilterSet(filled(filters), queryset=qs, user=user)


def case_get(*, user, pk) -> InjuryCase:
    return InjuryCase.objects.visible_to(user).select_related(*CASE_RELATED).get(pk=pk)


def case_products(*, case) -> list:
    return list(
        InjuryCaseProduct.objects.filter(case=case)
        .select_related("product")
        .order_by("product__code")
        .values_list("product__code", "product__name")
    )


def injury_estimates(*, user, start, end, period="quarter", level="product", product="",
                     region="") -> list[est.Estimate]:  # fmt: skip
    """Weighted estimates of what the user may see, limited to a product (code prefix) and
    a region (the hospitals there and what their weights stand for)."""
    hospitals = SentinelHospital.objects.visible_to(user)
    links = InjuryCaseProduct.objects.visible_to(user)
    if region:
        hospitals, links = hospitals.in_region(region), links.in_region(region)
    if product:
        links = links.filter(product__code__startswith=product)
    return est.estimates(
        hospitals_qs=hospitals, links_qs=links, start=start, end=end, period=period, level=level
    )


def injury_counts(
    *,
    period_start: date,
    period_end: date,
    by=("product", "region", "period"),
    period: str = "quarter",
    user=None,
) -> list[dict]:
    """Case counts per product code × county × period, for the risk signals: one grouped
    query over the case–product table. Each row: `product` (catalogue code as reported),
    `region` (the hospital's county code, 6 digits), `period` (first day of the month,
    quarter or year), `cases` and `weighted` (Σ hospital weights: the estimate of the
    cell). Leave a key out of `by` to add over it. Without `user`, every hospital (the daily
    signals job)."""
    links = InjuryCaseProduct.objects.all() if user is None else InjuryCaseProduct.objects
    links = links.visible_to(user) if user is not None else links
    keys = ["product_id", "region_id", "hospital_id"]
    rows = est.fetch(
        links.filter(treated_on__range=(period_start, period_end))
        .order_by()
        .values_list(*keys, est.period_key(period))
        .annotate(n=Count("pk"))
    )
    products = dict(Product.objects.values_list("pk", "code"))
    regions = dict(Region.objects.filter(pk__in={r[1] for r in rows}).values_list("pk", "code"))
    weights = dict(SentinelHospital.objects.values_list("pk", "weight"))
    # Aggregated cells (one per product, region, hospital and period) merged by the keys
    # wanted: townships into their county, hospitals into their weighted sum.
    merged: dict[tuple, list] = {}
    for product, region, hospital, day, n in rows:
        cell = {"product": products[product], "region": regions[region][:6]}
        cell["period"] = est.first_of(day, period)
        key = tuple(cell[k] for k in by)
        total = merged.setdefault(key, [0, 0.0])
        total[0] += n
        total[1] += n * float(weights[hospital])
    out = [
        {**dict(zip(by, key, strict=True)), "cases": n, "weighted": w}
        for key, (n, w) in merged.items()
    ]
    out.sort(key=lambda r: tuple(str(r[k]) for k in by))
    return out


def injury_reporting_starts() -> dict[str, date]:
    """The first day each county's sentinel hospitals reported a case (one grouped query):
    a county's injury counts exist from that day on, the periods before it are no data,
    not zeros (the risk signals start each cell's history there)."""
    rows = (
        InjuryCase.objects.order_by()
        .values_list("region__code")
        .annotate(first=Min("treated_on"))
        .values_list("region__code", "first")
    )
    out: dict[str, date] = {}
    for code, first in rows:  # one row per region with cases: townships into their county
        county = code[:6]
        out[county] = min(first, out.get(county, first))
    return out
