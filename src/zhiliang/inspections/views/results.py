"""Statistics of the results, and the public results page (no login)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render

from zhiliang.core.views import paginate, query_without_page
from zhiliang.inspections import selectors, stats
from zhiliang.inspections.choices import PlanLevel, Verdict


@login_required
@permission_required("inspections.view_sample", raise_exception=True)
def statistics(request):
    year = request.GET.get("year", "")
    level = request.GET.get("level", "")
    samples = selectors.samples_of(request.user, year=year, level=level)
    scope = request.user.jurisdiction
    chart = stats.funnel(samples, scope.code)
    return render(
        request,
        "inspections/statistics.html",
        {
            "chart": chart,
            "lift": stats.lift(samples),
            "year": year,
            "level": level,
            "years": selectors.sample_years(request.user),
            "levels": PlanLevel.choices,
            "scope": scope,
        },
    )


# -- public results -------------------------------------------------------------------------------


def public_results(request):
    """Published results for everyone, no login: the product, the producer (an enterprise, not
    a person), brand, model, batch, verdict and failed items. Nothing unpublished."""
    product = request.GET.get("product", "").strip()
    verdict = request.GET.get("verdict", "")
    if verdict not in (Verdict.PASS, Verdict.FAIL):
        verdict = ""
    results = selectors.public_results(product=product, verdict=verdict)
    page = paginate(results, request, per_page=30)
    return render(
        request,
        "inspections/public_results.html",
        {
            "page": page,
            "product": product,
            "verdict": verdict,
            "query": query_without_page(request),
        },
    )
