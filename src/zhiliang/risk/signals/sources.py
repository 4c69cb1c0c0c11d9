"""The count sources of the spike test: each a function `(*, start, end, unit)` returning
(product id, county, period, count) rows from one grouped query (`cells.grouped`).

Complaints are counted now.
"""

from datetime import date

from django.db.models import Count


def complaint_counts(*, start: date, end: date, unit: str):
    from zhiliang.complaints.models import Complaint
    from zhiliang.risk.signals.cells import grouped

    qs = Complaint.objects.filter(received_on__range=(start, end), product__isnull=False)
    return grouped(qs, "received_on", unit, c=Count("id"))


# Injury reports (`injuries.selectors.injury_counts`) are not added: summed with the
# complaints, a source that began inside the history window reads as a spike in every
# cell, and they need a method of their own (its own history and false-alarm rate).
COUNT_SOURCES = [complaint_counts]
