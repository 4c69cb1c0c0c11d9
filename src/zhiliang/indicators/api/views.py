from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.response import Response

from zhiliang.core.api.permissions import reads_and_writes
from zhiliang.core.api.viewsets import ScopedViewSet
from zhiliang.indicators import selectors, services
from zhiliang.indicators.api.serializers import (
    ComputeRunSerializer,
    IndicatorSerializer,
    IndicatorValueSerializer,
    ReportedValueSerializer,
)
from zhiliang.indicators.filtersets import (
    ComputeRunFilterSet,
    IndicatorFilterSet,
    IndicatorValueFilterSet,
    ReportedValueFilterSet,
)
from zhiliang.indicators.models import ComputeRun, Indicator, IndicatorValue, ReportedValue


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicator catalogue (every app's indicators.yaml)."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    queryset = Indicator.objects.all()
    lookup_field = "code"
    lookup_value_regex = "[^/]+"


class IndicatorValueViewSet(ScopedViewSet):
    """Indicator figures per region and period, inside your jurisdiction.

    `?indicator=CODE&region=CODE&period=P`; also `within` (subtree), `parent` (children),
    `level`, `period_kind`, `source`. Bad codes answer 400 with a message.
    """

    model = IndicatorValue
    serializer_class = IndicatorValueSerializer
    filterset_class = IndicatorValueFilterSet

    def scoped(self):
        return selectors.values_visible_to(self.request.user)


class ReportedValueViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """Figures of reported indicators with their evidence; entering one needs
    indicators.add_reportedvalue and a region inside your jurisdiction."""

    model = ReportedValue
    serializer_class = ReportedValueSerializer
    filterset_class = ReportedValueFilterSet
    select_related = ("indicator", "region", "reported_by", "organization")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.reported_value_save(
            actor=self.request.user,
            indicator=data["indicator"],
            region=data["region"],
            period=data["period"],
            value=data["value"],
            evidence=data["evidence"],
        )


class ComputeRunViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Recomputes of the indicators and their progress; POST queues one
    (`{"periods": ["2025-03"]}`, or no periods for every recent one)."""

    serializer_class = ComputeRunSerializer
    filterset_class = ComputeRunFilterSet
    # Reading runs: view_indicatorvalue; starting one: indicators.compute_indicators.
    perms = reads_and_writes(
        "indicators.view_indicatorvalue",
        services.COMPUTE_PERMISSION,
        options=["indicators.view_indicatorvalue"],
    )
    queryset = ComputeRun.objects.all()

    def create(self, request, *args, **kwargs):
        """201 with a new run; 200 with the waiting run when an identical one is queued;
        429 when the user already has as many runs waiting as allowed."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            run = services.compute_run_request(
                actor=request.user, periods=serializer.validated_data.get("periods")
            )
        except services.TooManyRuns as exc:
            raise TooManyRequests(exc.message) from None
        code = status.HTTP_200_OK if run.coalesced else status.HTTP_201_CREATED
        return Response(self.get_serializer(run).data, status=code)


class TooManyRequests(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "too_many_requests"
