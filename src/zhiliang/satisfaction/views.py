from django.utils.translation import gettext_lazy

from zhiliang.core.views import ScopedDetailView, ScopedListView, ServiceCreateView
from zhiliang.satisfaction import rules, selectors, services
from zhiliang.satisfaction.exports import responses_xlsx, surveys_xlsx
from zhiliang.satisfaction.forms import SurveyForm


class SurveyList(ScopedListView):
    permission_required = "satisfaction.view_survey"
    add_permission = "satisfaction.add_survey"
    import_permission = "satisfaction.add_response"
    selector = selectors.survey_list
    template_name = "satisfaction/survey_list.html"
    export_writer = surveys_xlsx
    export_name = "satisfaction-surveys"

    def get_extra_context(self, **kwargs):
        user = self.request.user
        return {
            "trend": selectors.index_trend(user=user),
            "design": rules.design(),
        }


class SurveyDetail(ScopedDetailView):
    permission_required = "satisfaction.view_survey"
    import_permission = "satisfaction.add_response"
    getter = selectors.survey_get
    template_name = "satisfaction/survey_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        return {
            "table": selectors.index_table(user=self.request.user, survey=object),
            # A district reading its city's survey sees the figures of its own responses.
            "partial": not self.request.user.jurisdiction.contains(object.region),
            "design": rules.design(),
        }


class SurveyNew(ServiceCreateView):
    permission_required = "satisfaction.add_survey"
    template_name = "satisfaction/survey_form.html"
    form_class = SurveyForm
    success_message = gettext_lazy("The survey was registered.")
    success_url = "satisfaction:detail"
    service = services.survey_create


class ResponseList(ScopedListView):
    permission_required = "satisfaction.view_response"
    import_permission = "satisfaction.add_response"
    selector = selectors.response_list
    template_name = "satisfaction/response_list.html"
    export_writer = responses_xlsx
    export_name = "satisfaction-responses"
