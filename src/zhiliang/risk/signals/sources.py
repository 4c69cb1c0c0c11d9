"""The count sources of the spike test: each a function `(*, start, end, unit)` returning
(product id, county, period, count) rows from one grouped query (`cells.grouped`).

Complaints and the sentinel hospitals' injury reports are added together per cell: both
are reports of harm from a product (a case naming two products counts for each).
"""

from datetime import date

from django.db.models import Count


def complaint_counts(*, start: date, end: date, unit: str):
    from zhiliang.complaints.models import Complaint
    from zhiliang.risk.signals.cells import grouped

    qs = Complaint.objects.filter(received_on__range=(start, end), product__isnull=False)
    return grouped(qs, "received_on", unit, c=Count("id"))


def injury_counts(*, start: date, end: date, unit: str):
    from zhiliang.injuries.models import InjuryCaseProduct
    from zhiliang.risk.signals.cells import grouped

    qs = InjuryCaseProduct.objects.filter(treated_on__range=(start, end))
    return grouped(qs, "treated_on", unit, c=Count("id"))


COUNT_SOURCES = [complaint_counts, injury_counts]
