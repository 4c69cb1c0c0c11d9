from django.utils.translation import gettext_lazy

from zhiliang.core.views import ScopedDetailView, ScopedListView, ServiceCreateView
from zhiliang.imports.selectors import may_import
from zhiliang.satisfaction import rules, selectors, services
from zhiliang.satisfaction.exports import responses_xlsx, surveys_xlsx
from zhiliang.satisfaction.forms import SurveyForm


class SurveyList(ScopedListView):
    permission_required = "satisfaction.view_survey"
    selector = selectors.survey_list
    template_name = "satisfaction/survey_list.html"
    export_writer = surveys_xlsx
    export_name = "satisfaction-surveys"

    def get_extra_context(self, **kwargs):
        user = self.request.user
        return {
            "can_add": user.has_perm("satisfaction.add_survey"),
            "can_import": may_import(user, "satisfaction.add_response"),
            "trend": selectors.index_trend(user=user),
            "design": rules.design(),
        }


class SurveyDetail(ScopedDetailView):
    permission_required = "satisfaction.view_survey"
    getter = selectors.survey_get
    template_name = "satisfaction/survey_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        return {
            "table": selectors.index_table(user=self.request.user, survey=object),
            # A district reading its city's survey sees the figures of its own responses.
            "partial": not self.request.user.jurisdiction.contains(object.region),
            "design": rules.design(),
            "can_import": may_import(self.request.user, "satisfaction.add_response"),
        }


class SurveyNew(ServiceCreateView):
    permission_required = "satisfaction.add_survey"
    template_name = "satisfaction/survey_form.html"
    form_class = SurveyForm
    success_message = gettext_lazy("The survey was registered.")
    success_url = "satisfaction:detail"

    def create(self, *, actor, data):
        return services.survey_create(actor=actor, data=data)


class ResponseList(ScopedListView):
    permission_required = "satisfaction.view_response"
    selector = selectors.response_list
    template_name = "satisfaction/response_list.html"
    export_writer = responses_xlsx
    export_name = "satisfaction-responses"

    def get_extra_context(self, **kwargs):
        return {"can_import": may_import(self.request.user, "satisfaction.add_response")}
