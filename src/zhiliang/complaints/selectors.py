"""Reads of the complaints registry, always through `visible_to(user)`."""

from django.db.models import Count, Q
from django.utils import timezone

from zhiliang.complaints.choices import ComplaintOutcome, ComplaintStatus
from zhiliang.complaints.filtersets import ComplaintFilterSet
from zhiliang.complaints.models import Complaint
from zhiliang.core.filtersets import filled

RELATED = ("region", "enterprise", "handling_unit", "product")


def complaint_list(*, user, filters=None):
    """The FilterSet over what the user may see; blank form fields mean "any"."""
    qs = Complaint.objects.visible_to(user).select_related(*RELATED)
    return ComplaintFilterSet(filled(filters), queryset=qs, user=user)


def complaint_get(*, user, pk) -> Complaint:
    return Complaint.objects.visible_to(user).select_related(*RELATED).get(pk=pk)


def complaint_counts(*, queryset) -> dict:
    """Open, overdue and justified counts of a filtered list: one grouped query."""
    today = timezone.localdate()
    open_ = ~Q(status=ComplaintStatus.CLOSED)
    return queryset.order_by().aggregate(
        total=Count("pk"),
        open=Count("pk", filter=open_),
        overdue=Count("pk", filter=open_ & Q(close_due_on__lt=today)),
        justified=Count("pk", filter=Q(outcome=ComplaintOutcome.JUSTIFIED)),
    )
