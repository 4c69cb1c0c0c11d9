from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from zhiliang.cases import recall_services, services
from zhiliang.cases.api import serializers as s
from zhiliang.cases.choices import CaseKind
from zhiliang.cases.filtersets import CaseFilterSet
from zhiliang.cases.models import Case
from zhiliang.core.api.permissions import SERVICE_DECIDES
from zhiliang.core.api.viewsets import ScopedCreateViewSet, ScopedEditViewSet

_RELATED = ("region", "office", "listing_office", "enterprise")


class _CaseActions:
    action_perms = {"advance": SERVICE_DECIDES, "event": SERVICE_DECIDES}

    def _answer(self, case):
        case = self.get_queryset().get(pk=case.pk)
        return Response(self.get_serializer(case).data)

    @extend_schema(request=s.AdvanceSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        """Move the case to its next stage (a stage cannot be skipped); a supervised case's
        decision carries its penalty record (`penalty`)."""
        case = self.get_object()
        form = s.AdvanceSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        data = form.validated_data
        services.case_advance(
            actor=request.user,
            case=case,
            to=data["to"],
            at=data.get("at"),
            note=data["note"],
            penalty=data.get("penalty"),
        )
        return self._answer(case)

    @extend_schema(request=s.EventSerializer)
    @action(detail=True, methods=["post"])
    def event(self, request, pk=None):
        """Record a follow-up report (accidents) or a progress report (supervised cases)."""
        case = self.get_object()
        form = s.EventSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        services.case_event(
            actor=request.user, case=case, code=data["code"], at=data.get("at"), note=data["note"]
        )
        return self._answer(case)


class AccidentViewSet(_CaseActions, ScopedEditViewSet):
    """Special-equipment and other quality accidents (事故) inside your jurisdiction, with
    their grade and clocks."""

    model = Case
    serializer_class = s.AccidentSerializer
    filterset_class = CaseFilterSet
    select_related = _RELATED
    prefetch_related = ("deadlines", "steps")
    create_service = services.accident_report
    update_service = services.accident_update
    instance_name = "case"

    subset = {"kind": CaseKind.ACCIDENT}  # the cases this endpoint answers (tests read it)

    def scoped(self):
        return super().scoped().filter(**self.subset)


class CaseViewSet(_CaseActions, ScopedCreateViewSet):
    """Cases of every kind inside your jurisdiction (`kind=supervised`: the violation cases
    listed for supervision, 挂牌督办); creating one lists a case for supervision."""

    model = Case
    serializer_class = s.SupervisedCaseSerializer
    filterset_class = CaseFilterSet
    select_related = _RELATED
    prefetch_related = ("deadlines", "steps")
    create_service = services.supervised_list


class RecallViewSet(_CaseActions, ScopedCreateViewSet):
    """Product recalls (召回) inside your jurisdiction: defect, hazard, units affected and
    corrected, the correction rate and its reports, the clocks as `deadlines`. `advance`
    moves a recall on (the completion summary is the note of `summary_submitted`);
    `report` records a progress report."""

    model = Case
    serializer_class = s.RecallSerializer
    filterset_class = CaseFilterSet
    select_related = (*_RELATED, "product", "recall")
    prefetch_related = ("deadlines", "steps", "recall__reports")
    action_perms = {**_CaseActions.action_perms, "report": SERVICE_DECIDES}

    subset = {"kind": CaseKind.RECALL}  # the cases this endpoint answers (tests read it)

    def scoped(self):
        return super().scoped().filter(**self.subset)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.update(data.pop("recall", {}))
        serializer.instance = recall_services.recall_open(actor=self.request.user, data=data)

    @extend_schema(request=s.RecallReportSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """Record a progress report: units corrected so far (cumulative)."""
        case = self.get_object()
        form = s.RecallReportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        recall_services.recall_report(
            actor=request.user, recall=case.recall, data=form.validated_data
        )
        return self._answer(case)
