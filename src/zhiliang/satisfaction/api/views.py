from zhiliang.core.api.viewsets import ScopedModelViewSet, ScopedViewSet
from zhiliang.satisfaction import services
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


class ResponseViewSet(ScopedViewSet):
    """Survey responses with their scores; they come in through the importer."""

    model = Response
    serializer_class = ResponseSerializer
    filterset_class = ResponseFilterSet
    select_related = ("survey", "region")
