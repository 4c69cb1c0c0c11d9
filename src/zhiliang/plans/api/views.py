"""REST surface of the plans app: querysets from `visible_to`, writes through services."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from zhiliang.core.api.parsers import StorableFormParser as FormParser
from zhiliang.core.api.parsers import StorableMultiPartParser as MultiPartParser
from zhiliang.core.api.permissions import SERVICE_DECIDES
from zhiliang.core.api.viewsets import ScopedViewSet
from zhiliang.core.views_helpers import stored_file
from zhiliang.plans import selectors, services
from zhiliang.plans.api import serializers as s
from zhiliang.plans.filtersets import (
    PhaseFilterSet,
    PlanFilterSet,
    ProgressReportFilterSet,
    SupervisionNoticeFilterSet,
    TargetFilterSet,
    TaskFilterSet,
)
from zhiliang.plans.models import (
    Phase,
    Plan,
    ProgressReport,
    SupervisionNotice,
    Target,
    Task,
)


class PlanViewSet(mixins.UpdateModelMixin, ScopedViewSet):
    """Plans inside your jurisdiction. Plans are created on the review page; office staff
    may correct title, document number, issuer and period here (PATCH)."""

    model = Plan
    serializer_class = s.PlanSerializer
    filterset_class = PlanFilterSet
    http_method_names = ["get", "patch", "head", "options"]
    select_related = ("region",)
    update_service = services.plan_update

    def get_queryset(self):
        return super().get_queryset().defer("source_text")


class PhaseViewSet(ScopedViewSet):
    """The stages of the plans inside your jurisdiction."""

    model = Phase
    serializer_class = s.PhaseSerializer
    filterset_class = PhaseFilterSet


class TargetViewSet(mixins.UpdateModelMixin, ScopedViewSet):
    """Targets with their latest reported value; office staff link the catalogue
    indicator (PATCH `indicator_code`)."""

    model = Target
    serializer_class = s.TargetSerializer
    filterset_class = TargetFilterSet
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return self.scoped().annotate(
            latest_value=selectors.latest_target_report("reported_value"),
            latest_reported_on=selectors.latest_target_report("reported_on"),
        )

    def perform_update(self, serializer):
        target = services.target_set_indicator(
            actor=self.request.user,
            target=serializer.instance,
            indicator_code=serializer.validated_data.get(
                "indicator_code", serializer.instance.indicator_code
            ),
        )
        serializer.instance = self.get_queryset().get(pk=target.pk)


class TaskViewSet(mixins.UpdateModelMixin, ScopedViewSet):
    """Tasks with their lead and cooperating units and latest report status; office
    staff reschedule them (PATCH `due_on`)."""

    model = Task
    serializer_class = s.TaskSerializer
    filterset_class = TaskFilterSet
    http_method_names = ["get", "patch", "head", "options"]

    def scoped(self):
        return selectors.task_rows(user=self.request.user)

    def perform_update(self, serializer):
        task = services.task_set_due_on(
            actor=self.request.user,
            task=serializer.instance,
            due_on=serializer.validated_data.get("due_on", serializer.instance.due_on),
        )
        serializer.instance = self.get_queryset().get(pk=task.pk)


class ProgressReportViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """Progress reports on tasks and targets. A department reporter reports for their own
    organisation on the tasks it leads or cooperates on; office staff for any unit."""

    model = ProgressReport
    serializer_class = s.ProgressReportSerializer
    filterset_class = ProgressReportFilterSet
    select_related = ("plan", "task", "target", "organization", "created_by")
    prefetch_related = ("evidence",)

    def get_queryset(self):
        return super().get_queryset().defer("plan__source_text")

    def perform_create(self, serializer):
        serializer.instance = services.report_submit(
            actor=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=s.EvidenceUploadSerializer, responses={201: s.EvidenceSerializer})
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser],
        serializer_class=s.EvidenceUploadSerializer,
    )
    def evidence(self, request, pk=None):
        """Attach a file (pdf, jpg, png, docx, xlsx) to the report."""
        report = self.get_object()
        form = s.EvidenceUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        evidence = services.report_evidence_add(
            actor=request.user, report=report, upload=form.validated_data["file"]
        )
        return Response(s.EvidenceSerializer(evidence).data, status=201)

    @extend_schema(
        request=None,
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"], url_path=r"evidence/(?P<evidence_id>\d+)")
    def evidence_file(self, request, pk=None, evidence_id=None):
        """Download one evidence file of the report."""
        report = self.get_object()
        evidence = report.evidence.filter(pk=evidence_id).first()
        if evidence is None:
            raise Http404
        return stored_file(evidence.file, evidence.original_name)


class SupervisionNoticeViewSet(ScopedViewSet):
    """督办 notices. A department reporter sees those addressed to their organisation and
    answers them; office staff issue and close them."""

    model = SupervisionNotice
    serializer_class = s.SupervisionNoticeSerializer
    filterset_class = SupervisionNoticeFilterSet
    select_related = ("plan", "task", "to_organization")
    action_perms = dict.fromkeys(("issue", "respond", "close"), SERVICE_DECIDES)

    def scoped(self):
        return selectors.notices_visible_to(user=self.request.user)

    def get_queryset(self):
        return super().get_queryset().defer("plan__source_text")

    def _done(self, notice):
        return Response(
            s.SupervisionNoticeSerializer(notice, context=self.get_serializer_context()).data
        )

    @extend_schema(request=s.NoticeIssueSerializer, responses=s.SupervisionNoticeSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        """Issue a draft notice with the date the answer is due (office staff)."""
        notice = self.get_object()
        form = s.NoticeIssueSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._done(
            services.notice_issue(actor=request.user, notice=notice, **form.validated_data)
        )

    @extend_schema(request=s.NoticeRespondSerializer, responses=s.SupervisionNoticeSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        """Answer an issued notice (users of the organisation it is addressed to)."""
        notice = self.get_object()
        form = s.NoticeRespondSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._done(
            services.notice_respond(actor=request.user, notice=notice, **form.validated_data)
        )

    @extend_schema(request=None, responses=s.SupervisionNoticeSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close an answered or issued notice, or withdraw a draft (office staff)."""
        return self._done(services.notice_close(actor=request.user, notice=self.get_object()))
