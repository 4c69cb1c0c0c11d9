from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from zhiliang.core.views import (
    RoleRequiredView,
    ScopedDetailView,
    ScopedListView,
    ServiceActionView,
    ServiceFormView,
)
from zhiliang.credit import rules, selectors, services
from zhiliang.credit.backtest import backtest, default_cutoff
from zhiliang.credit.exports import classes_xlsx, records_xlsx
from zhiliang.credit.forms import BacktestForm, OverrideForm


class ClassList(ScopedListView):
    permission_required = "credit.view_creditclass"
    selector = selectors.class_list
    template_name = "credit/class_list.html"
    export_writer = classes_xlsx
    export_name = "credit-classes"

    def get_extra_context(self, *, filterset, **kwargs):
        counts = selectors.class_counts(queryset=filterset.qs) if filterset.is_valid() else {}
        return {"counts": counts, "model": rules.risk_model(), "classes": rules.CLASSES}


class RecordList(ScopedListView):
    permission_required = "credit.view_creditrecord"
    selector = selectors.record_list
    template_name = "credit/record_list.html"
    export_writer = records_xlsx
    export_name = "credit-records"


class ClassDetail(ScopedDetailView):
    permission_required = "credit.view_creditclass"
    getter = selectors.class_get
    template_name = "credit/class_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        section = selectors.enterprise_credit(user=user, enterprise=object.enterprise)
        may = user.has_perm("credit.override_creditclass")
        return {
            **section,
            "override_form": OverrideForm(initial={"risk_class": object.effective_class})
            if may
            else None,
            "today": timezone.localdate(),
        }


class ClassOverride(ServiceFormView):
    permission_required = "credit.override_creditclass"
    getter = selectors.class_get
    form_class = OverrideForm
    detail_view = ClassDetail
    form_name = "override_form"
    success_url = "credit:class"
    success_message = gettext_lazy("The office's class applies until the day given.")
    service = services.credit_class_override
    service_arg = "credit_class"


class ClassOverrideEnd(ServiceActionView):
    permission_required = "credit.override_creditclass"
    getter = selectors.class_get
    success_url = "credit:class"
    success_message = gettext_lazy("The computed class applies again.")
    service = services.credit_class_override_end
    service_arg = "credit_class"


class Backtest(RoleRequiredView):
    permission_required = "credit.view_backtest"

    def get(self, request):
        form = BacktestForm(request.GET or None)
        result = None
        if not form.is_bound or form.is_valid():
            cutoff = (
                form.cleaned_data.get("cutoff") if form.is_bound else None
            ) or default_cutoff()
            result = backtest(cutoff=cutoff, region_code=request.user.jurisdiction.code)
        return render(request, "credit/backtest.html", {"form": form, "result": result})
