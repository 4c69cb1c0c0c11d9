from zhiliang.complaints import selectors, services
from zhiliang.complaints.api.serializers import ComplaintSerializer
from zhiliang.complaints.filtersets import ComplaintFilterSet
from zhiliang.complaints.models import Complaint
from zhiliang.core.api.viewsets import ScopedModelViewSet


class ComplaintViewSet(ScopedModelViewSet):
    """Complaints and reports (投诉举报) in your jurisdiction; the complainant is masked."""

    model = Complaint
    serializer_class = ComplaintSerializer
    filterset_class = ComplaintFilterSet
    select_related = selectors.RELATED
    create_service = services.complaint_create
    update_service = services.complaint_update
    delete_service = services.complaint_delete
