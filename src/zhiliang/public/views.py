"""Public pages (一公开), no login: an index of the public lists, the serious-violation
list and the published penalties, each only inside its window today, searchable by name
or USCC, with CSV and JSON downloads. No personal data, no credit classes: only the
enterprise, its USCC and the decision's public particulars."""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zhiliang.cases import selectors as case_selectors
from zhiliang.core.views import paginate, query_without_page
from zhiliang.penalties import selectors
from zhiliang.penalties.exports import csv_response

PER_PAGE = 30
# The most rows one download carries (a city's public lists stay well below).
DOWNLOAD_MAX = 50_000


def _serious_columns():
    return [
        ("enterprise__name", _("enterprise")),
        ("enterprise__uscc", _("USCC")),
        ("category", _("kind of serious violation")),
        ("legal_basis", _("legal basis")),
        ("deciding_body__name", _("deciding body")),
        ("decision_number", _("decision number")),
        ("listed_on", _("listed on")),
        ("published_on", _("published on")),
        ("ends_on", _("listed until")),
    ]


def _penalty_columns():
    return [
        ("enterprise__name", _("enterprise")),
        ("enterprise__uscc", _("USCC")),
        ("decision_number", _("decision number")),
        ("kind", _("kind of penalty")),
        ("fine_amount", _("fine (yuan)")),
        ("violation", _("violation")),
        ("legal_basis", _("legal basis")),
        ("enforcing_body__name", _("enforcing body")),
        ("decided_on", _("decision date")),
        ("public_from", _("public from")),
        ("public_until", _("public until")),
    ]


def _recall_columns():
    return [
        ("number", _("case number")),
        ("enterprise__name", _("enterprise")),
        ("enterprise__uscc", _("USCC")),
        ("product__name", _("product")),
        ("title", _("title")),
        ("recall__defect", _("defect")),
        ("recall__hazard", _("hazard")),
        ("recall__units_affected", _("units affected")),
        ("recall__units_corrected", _("units corrected")),
        ("opened_at", _("recall decided at")),
    ]


# list → (selector, columns, label of a code column: (field, {code: label}))
def _labels(field):
    from zhiliang.penalties import listing_rules, rules

    if field == "recall__hazard":
        from zhiliang.risk.rules import hazard_choices

        return dict(hazard_choices())
    if field == "category":
        return {code: c.label for code, c in listing_rules.categories().items()}
    return {code: k.label for code, k in rules.kinds().items()}


LISTS = {
    "serious": (selectors.public_serious, _serious_columns, "category", "serious-violation-list"),
    "penalties": (selectors.public_penalties, _penalty_columns, "kind", "penalties"),
    "recalls": (case_selectors.public_recalls, _recall_columns, "recall__hazard", "recalls"),
}


@require_GET
def index(request):
    return render(request, "public/index.html", {"today": timezone.localdate()})


def _page(request, name: str, template: str):
    select = LISTS[name][0]
    q = request.GET.get("q", "").strip()[:100]
    rows = select(q=q)
    context = {
        "page": paginate(rows, request, per_page=PER_PAGE),
        "q": q,
        "query": query_without_page(request),
        "today": timezone.localdate(),
    }
    return render(request, template, context)


@require_GET
def serious(request):
    return _page(request, "serious", "public/serious.html")


@require_GET
def penalties(request):
    return _page(request, "penalties", "public/penalties.html")


@require_GET
def recalls(request):
    return _page(request, "recalls", "public/recalls.html")


@require_GET
def download(request, name: str, fmt: str):
    """The list as searched (`?q=`), as CSV or JSON: the same rows as the page."""
    if name not in LISTS or fmt not in ("csv", "json"):
        raise Http404
    select, columns, coded, stem = LISTS[name]
    columns = columns()
    fields = [f for f, _label in columns]
    labels = _labels(coded)
    at = fields.index(coded)
    q = request.GET.get("q", "").strip()[:100]
    rows = []
    for row in select(q=q).values_list(*fields)[:DOWNLOAD_MAX]:
        row = list(row)
        row[at] = labels.get(row[at], row[at])
        rows.append(row)
    if fmt == "csv":
        return csv_response(stem, [label for _f, label in columns], rows)
    keys = [f.replace("__", "_") for f in fields]
    data = [
        {
            k: (
                v.isoformat()
                if hasattr(v, "isoformat")
                else str(v)
                if v is not None and not isinstance(v, str | int)
                else v
            )
            for k, v in zip(keys, row, strict=True)
        }
        for row in rows
    ]
    return JsonResponse(
        {"as_of": timezone.localdate().isoformat(), "count": len(data), "results": data},
        json_dumps_params={"ensure_ascii": False},
    )
