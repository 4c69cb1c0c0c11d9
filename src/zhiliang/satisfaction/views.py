from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from zhiliang.core.views import RoleRequiredView, ScopedDetailView, ScopedListView
from zhiliang.satisfaction import rules, selectors, services
from zhiliang.satisfaction.exports import responses_xlsx, surveys_xlsx
from zhiliang.satisfaction.forms import SurveyForm


def _can_import(user) -> bool:
    return user.has_perm("imports.add_importbatch") and user.has_perm("satisfaction.add_response")


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
            "can_import": _can_import(user),
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
            "can_import": _can_import(self.request.user),
        }


class SurveyNew(RoleRequiredView):
    permission_required = "satisfaction.add_survey"
    template_name = "satisfaction/survey_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": SurveyForm(actor=request.user)})

    def post(self, request):
        form = SurveyForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                survey = services.survey_create(actor=request.user, data=form.service_data())
            except ValidationError as exc:
                for field, errors in getattr(
                    exc, "message_dict", {"__all__": exc.messages}
                ).items():
                    field = "region_code" if field == "region" else field
                    form.add_error(field if field in form.fields else None, errors)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, gettext_lazy("The survey was registered."))
                return redirect("satisfaction:detail", pk=survey.pk)
        return render(request, self.template_name, {"form": form})


class ResponseList(ScopedListView):
    permission_required = "satisfaction.view_response"
    selector = selectors.response_list
    template_name = "satisfaction/response_list.html"
    export_writer = responses_xlsx
    export_name = "satisfaction-responses"

    def get_extra_context(self, **kwargs):
        return {"can_import": _can_import(self.request.user)}
