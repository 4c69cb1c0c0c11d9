from dataclasses import asdict

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response as ApiResponse

from zhiliang.core.api.viewsets import ScopedModelViewSet, ScopedViewSet
from zhiliang.satisfaction import selectors, services
from zhiliang.satisfaction.api.serializers import ResponseSerializer, SurveySerializer
from zhiliang.satisfaction.filtersets import ResponseFilterSet, SurveyFilterSet
from zhiliang.satisfaction.models import Response, Survey


class SurveyViewSet(ScopedModelViewSet):
    """Customer-satisfaction surveys (顾客满意度测评) of your jurisdiction."""

    model = Survey
    serializer_class = SurveySerializer
    filterset_class = SurveyFilterSet
    select_related = ("region",)
    create_service = services.survey_create
    update_service = services.survey_update
    delete_service = services.survey_delete

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def index(self, request, pk=None):
        """The index per sector (whole survey region) and per sector and region of what you
        see: response count, index, 95 % interval, publication mark (ok / small /
        suppressed) and the target state (met / not_met / cannot_tell)."""
        table = selectors.index_table(user=request.user, survey=self.get_object())

        def rows(items, *keys):
            return [
                {"sector": r["sector"], **{k: r[k] for k in keys}, **asdict(r["cell"])}
                for r in items
            ]

        return ApiResponse(
            {
                "sectors": rows(table["overall"]),
                "regions": rows(table["regions"], "region__code", "region__name"),
                "straight_lined": table["flagged"],
            }
        )


class ResponseViewSet(ScopedViewSet):
    """Survey responses with their scores; they come in through the importer."""

    model = Response
    serializer_class = ResponseSerializer
    filterset_class = ResponseFilterSet
    select_related = ("survey", "region")
