"""The public list of holders (no login, under /public/): valid titles with enterprise,
USCC, product, level, grade and validity, searchable, and as .xlsx through the export writer."""

from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zhiliang.core.views import paginate, query_without_page, xlsx_response
from zhiliang.recognition.exports import public_holders_xlsx
from zhiliang.recognition.selectors import public_holders

DOWNLOAD_MAX = 50_000


def _rows(request):
    q = request.GET.get("q", "").strip()[:100]
    rows = public_holders()
    if q:
        rows = rows.filter(
            Q(enterprise__name__icontains=q)
            | Q(enterprise__uscc__startswith=q.upper())
            | Q(product__icontains=q)
        )
    return q, rows


@require_GET
def holders(request):
    q, rows = _rows(request)
    if request.GET.get("export") == "xlsx":
        pks = list(rows.values_list("pk", flat=True)[:DOWNLOAD_MAX])
        queryset = public_holders().filter(pk__in=pks)
        return xlsx_response(public_holders_xlsx(queryset=queryset), "title-holders")
    context = {
        "page": paginate(rows, request, per_page=30),
        "q": q,
        "query": query_without_page(request),
    }
    return render(request, "recognition/public_holders.html", context)
