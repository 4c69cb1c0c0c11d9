"""REST surface of the assessments app: querysets from `visible_to`, writes through services."""

from django.db.models import Prefetch
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from zhiliang.assessments import selectors, services
from zhiliang.assessments.api import serializers as s
from zhiliang.assessments.filtersets import (
    AssessmentResultFilterSet,
    AssessmentSchemeFilterSet,
    ItemScoreFilterSet,
    TargetLinkFilterSet,
)
from zhiliang.assessments.matching import suggest_code
from zhiliang.assessments.models import (
    AssessmentResult,
    AssessmentScheme,
    ItemScore,
    ResultEntry,
    TargetLink,
)
from zhiliang.core.api.params import query_id
from zhiliang.core.api.parsers import StorableFormParser as FormParser
from zhiliang.core.api.parsers import StorableMultiPartParser as MultiPartParser
from zhiliang.core.api.permissions import SERVICE_DECIDES
from zhiliang.core.api.viewsets import ScopedEditViewSet, ScopedViewSet
from zhiliang.core.models import Region
from zhiliang.indicators.models import Indicator
from zhiliang.plans.models import Plan, Target

# Item scores belong to a result: read it to read them, run assessments to decide them.
RESULT_PART = {
    "GET": ["assessments.view_assessmentresult"],
    "HEAD": ["assessments.view_assessmentresult"],
    "POST": ["assessments.add_assessmentresult"],
    "PATCH": ["assessments.add_assessmentresult"],
}


class TargetLinkViewSet(ScopedEditViewSet):
    """Which catalogue indicator measures each plan target, confirmed by office staff.
    POST a new link, PATCH `indicator` to change one; `suggestions/?plan=` proposes codes."""

    model = TargetLink
    serializer_class = s.TargetLinkSerializer
    filterset_class = TargetLinkFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]
    select_related = ("target", "indicator", "confirmed_by")

    def perform_create(self, serializer):
        serializer.instance = services.targetlink_set(
            actor=self.request.user,
            target=serializer.validated_data["target"],
            indicator=serializer.validated_data["indicator"],
            suggested=serializer.validated_data.get("suggested", False),
        )

    def perform_update(self, serializer):
        link = serializer.instance
        serializer.instance = services.targetlink_set(
            actor=self.request.user,
            target=link.target,
            indicator=serializer.validated_data.get("indicator", link.indicator),
            suggested=serializer.validated_data.get("suggested", link.suggested),
        )

    @extend_schema(
        parameters=[OpenApiParameter("plan", int, required=True)],
        responses=s.TargetLinkSuggestionSerializer(many=True),
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def suggestions(self, request):
        """Each target of a plan (`?plan=`) with the indicator the synonym table suggests."""
        targets = Target.objects.visible_to(request.user).select_related(
            "indicator_link__indicator"
        )
        plan = query_id(request, "plan")
        catalogue = dict(Indicator.objects.filter(active=True).values_list("code", "name"))
        rows = []
        for t in targets.filter(plan_id=plan):
            link = getattr(t, "indicator_link", None)
            rows.append(
                {
                    "target": t.pk,
                    "target_text": t.indicator_text,
                    "indicator": suggest_code(t.indicator_text, catalogue=catalogue),
                    "linked": link.indicator.code if link else None,
                }
            )
        return Response(s.TargetLinkSuggestionSerializer(rows, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("plan", int, required=True),
            OpenApiParameter("region", str, description="region code (default: the plan's)"),
            OpenApiParameter("on", OpenApiTypes.DATE, description="date (default: today)"),
        ],
        responses=s.TargetStatusSerializer(many=True),
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def board(self, request):
        """A plan's targets with their indicator, latest value, status (已达成 / 按计划 /
        有风险 / 未达成 / 无数据) and the reason in words, for a region on a date."""
        plan = query_id(request, "plan")
        region = None
        if request.query_params.get("region"):
            region = selectors.board_region(user=request.user, code=request.query_params["region"])
            if region is None:
                raise NotFound
        on = None
        if request.query_params.get("on"):
            on = parse_date(request.query_params["on"])
            if on is None:
                raise ValidationError({"on": [_("Give a date as YYYY-MM-DD.")]})
        try:
            board = selectors.target_board(user=request.user, plan_pk=plan, region=region, on=on)
        except Plan.DoesNotExist:
            raise NotFound from None
        return Response(s.TargetStatusSerializer(board["targets"], many=True).data)


class AssessmentSchemeViewSet(ScopedViewSet):
    """Assessment schemes of your jurisdiction with their items (edited in the admin or
    loaded from YAML). POST `run` scores the regions or departments of a region."""

    model = AssessmentScheme
    serializer_class = s.AssessmentSchemeSerializer
    filterset_class = AssessmentSchemeFilterSet
    prefetch_related = ("items__indicator",)
    action_perms = {"run": SERVICE_DECIDES}

    def scoped(self):
        return selectors.schemes_visible(user=self.request.user)

    def get_queryset(self):
        return super().get_queryset().order_by("-period", "name", "id")

    @extend_schema(request=s.SchemeRunSerializer, responses={201: s.AssessmentResultSerializer})
    @action(detail=True, methods=["post"])
    def run(self, request, pk=None):
        """Run the scheme (office staff): a new draft version of the result."""
        scheme = self.get_object()
        form = s.SchemeRunSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        region = Region.objects.filter(code=form.validated_data["region"]).first()
        if region is None:
            return Response({"region": ["There is no region with this code."]}, status=400)
        result = services.result_run(
            actor=request.user,
            scheme=scheme,
            region=region,
            subject_kind=form.validated_data["subject_kind"],
            period=form.validated_data["period"],
        )
        return Response(s.AssessmentResultSerializer(result).data, status=201)


class AssessmentResultViewSet(ScopedViewSet):
    """Assessment results: published ones for everyone of the jurisdiction, drafts for
    office staff. A result's detail holds every entry with its item scores."""

    model = AssessmentResult
    filterset_class = AssessmentResultFilterSet
    select_related = ("scheme", "region")
    action_perms = {"publish": SERVICE_DECIDES}

    def get_serializer_class(self):
        if self.action == "list":
            return s.AssessmentResultSerializer
        return s.AssessmentResultDetailSerializer

    def scoped(self):
        return selectors.results_visible(user=self.request.user)

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action != "list":
            scores = ItemScore.objects.order_by("order", "id").prefetch_related("evidence")
            entries = (
                ResultEntry.objects.select_related("region")
                .order_by("rank", "name")
                .prefetch_related(Prefetch("scores", queryset=scores))
            )
            qs = qs.prefetch_related(Prefetch("entries", queryset=entries))
        return qs

    @extend_schema(request=None, responses=s.AssessmentResultSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a draft (it is frozen from then on; an earlier version is superseded)."""
        result = services.result_publish(actor=request.user, result=self.get_object())
        return Response(s.AssessmentResultSerializer(result).data)


class ItemScoreViewSet(mixins.UpdateModelMixin, ScopedViewSet):
    """Item scores of results. Office staff decide manual checks and veto items of a draft
    (PATCH `passed`, `note`) and attach evidence (POST `evidence`)."""

    model = ItemScore
    serializer_class = s.ItemScoreSerializer
    filterset_class = ItemScoreFilterSet
    perms = RESULT_PART
    http_method_names = ["get", "post", "patch", "head", "options"]
    select_related = ("entry",)
    prefetch_related = ("evidence",)

    def scoped(self):
        visible = selectors.results_visible(user=self.request.user)
        return super().scoped().filter(entry__result__in=visible)

    @extend_schema(request=s.ItemDecisionSerializer, responses=s.ItemScoreSerializer)
    def partial_update(self, request, *args, **kwargs):
        score = self.get_object()
        form = s.ItemDecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.itemscore_decide(actor=request.user, score=score, **form.validated_data)
        return Response(s.ItemScoreSerializer(self.get_queryset().get(pk=score.pk)).data)

    @extend_schema(
        request=s.ItemEvidenceUploadSerializer, responses={201: s.ItemEvidenceSerializer}
    )
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser],
        serializer_class=s.ItemEvidenceUploadSerializer,
    )
    def evidence(self, request, pk=None):
        """Attach a file (pdf, jpg, png, docx, xlsx) to a manual check or veto decision."""
        score = self.get_object()
        form = s.ItemEvidenceUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        evidence = services.evidence_add(
            actor=request.user, score=score, upload=form.validated_data["file"]
        )
        return Response(s.ItemEvidenceSerializer(evidence).data, status=201)
