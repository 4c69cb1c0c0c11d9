from zhiliang.core.api.viewsets import ScopedEditViewSet, ScopedModelViewSet
from zhiliang.injuries import selectors, services
from zhiliang.injuries.api.serializers import CaseSerializer, HospitalSerializer
from zhiliang.injuries.filtersets import CaseFilterSet, HospitalFilterSet
from zhiliang.injuries.models import InjuryCase, SentinelHospital


class SentinelHospitalViewSet(ScopedEditViewSet):
    """Sentinel hospitals (哨点医院) of product injury surveillance in your jurisdiction."""

    model = SentinelHospital
    serializer_class = HospitalSerializer
    filterset_class = HospitalFilterSet
    select_related = ("region",)
    create_service = services.hospital_create
    update_service = services.hospital_update
    instance_name = "hospital"


class InjuryCaseViewSet(ScopedModelViewSet):
    """Injury cases reported by the sentinel hospitals of your jurisdiction; the narrative
    is answered only to staff allowed to read it."""

    model = InjuryCase
    serializer_class = CaseSerializer
    filterset_class = CaseFilterSet
    select_related = selectors.CASE_RELATED
    create_service = services.case_create
    update_service = services.case_update
    delete_service = services.case_delete
    instance_name = "case"
