from django.shortcuts import render
from django.utils.translation import gettext_lazy

from zhiliang.core.views import (
    RoleRequiredView,
    ScopedDetailView,
    ScopedListView,
    ServiceCreateView,
    ServiceFormView,
    export_params,
    xlsx_export,
)
from zhiliang.injuries import rules, selectors, services
from zhiliang.injuries.exports import cases_xlsx
from zhiliang.injuries.forms import CaseForm, EstimateForm, HospitalCorrectForm, HospitalForm


class HospitalList(ScopedListView):
    permission_required = "injuries.view_sentinelhospital"
    add_permission = "injuries.add_sentinelhospital"
    selector = selectors.hospital_list
    template_name = "injuries/hospital_list.html"

    def get_extra_context(self, **kwargs):
        return {
            "weight_source": rules.plain(rules.estimates()["weight_source"]),
        }


class HospitalDetail(ScopedDetailView):
    permission_required = "injuries.view_sentinelhospital"
    getter = selectors.hospital_get
    template_name = "injuries/hospital_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        may_change = self.request.user.has_perm("injuries.change_sentinelhospital")
        initial = {f: getattr(object, f) for f in HospitalCorrectForm.base_fields}
        return {
            "counts": selectors.hospital_case_counts(hospital=object),
            "correct_form": HospitalCorrectForm(initial=initial) if may_change else None,
        }


class HospitalCorrect(ServiceFormView):
    """Change a hospital's stratum, weight or end of reporting; errors on its page."""

    permission_required = "injuries.change_sentinelhospital"
    getter = selectors.hospital_get
    form_class = HospitalCorrectForm
    detail_view = HospitalDetail
    form_name = "correct_form"
    success_url = "injuries:hospital"
    success_message = gettext_lazy("The hospital was changed.")
    service = services.hospital_update
    service_arg = "hospital"
    service_data = True


class CaseList(ScopedListView):
    permission_required = "injuries.view_injurycase"
    add_permission = "injuries.add_injurycase"
    import_permission = "injuries.add_injurycase"
    selector = selectors.case_list
    template_name = "injuries/case_list.html"
    export_writer = cases_xlsx
    export_name = "injury-cases"


class CaseDetail(ScopedDetailView):
    permission_required = "injuries.view_injurycase"
    getter = selectors.case_get
    template_name = "injuries/case_detail.html"
    history_permission = "injuries.view_narrative"  # the history holds the narrative

    def get_extra_context(self, *, object, **kwargs):
        return {
            "products": selectors.case_products(case=object),
            "show_narrative": self.request.user.has_perm("injuries.view_narrative"),
        }


class _NewView(ServiceCreateView):
    template_name = "injuries/form.html"
    title = ""
    list_url = ""

    def get_extra_context(self, **kwargs):
        return {"title": self.title, "list_url": self.list_url}


class CaseNew(_NewView):
    permission_required = "injuries.add_injurycase"
    form_class = CaseForm
    title = gettext_lazy("New injury case")
    list_url = "injuries:cases"
    success_url = "injuries:case"
    success_message = gettext_lazy("The case was registered.")
    service = services.case_create


class HospitalNew(_NewView):
    permission_required = "injuries.add_sentinelhospital"
    form_class = HospitalForm
    title = gettext_lazy("New sentinel hospital")
    list_url = "injuries:hospitals"
    success_url = "injuries:hospital"
    success_message = gettext_lazy("The hospital was registered.")
    service = services.hospital_create


class Estimates(RoleRequiredView):
    """Weighted estimates by product and period, with CV, 95 % interval and stability."""

    permission_required = "injuries.view_injurycase"

    def get(self, request):
        form = EstimateForm(request.GET or None, actor=request.user)
        if not request.GET:
            form = EstimateForm({}, actor=request.user)
        rows = None
        if form.is_valid():
            rows = selectors.injury_estimates(user=request.user, **form.cleaned_data)
            if request.GET.get("export") == "xlsx":
                return xlsx_export(
                    request,
                    source="zhiliang.injuries.exports.estimates_export",
                    params=export_params(request),
                    stem="injury-estimates",
                    label=str(gettext_lazy("Injury estimates")),
                    rows=len(rows),
                )
        design = rules.estimates()
        context = {
            "form": form,
            "rows": rows,
            "rule": design["unstable"],
            "rule_source": rules.plain(design["unstable"]["source"]),
            "variance_source": rules.plain(design["variance_source"]),
            "max_cv": round(design["unstable"]["max_cv"] * 100),
            "design": design,
            "query": request.GET.urlencode(),
        }
        return render(request, "injuries/estimates.html", context)
