from django.utils.translation import gettext_lazy

from zhiliang.core.views import (
    ScopedDetailView,
    ScopedListView,
    ServiceCreateView,
    ServiceFormView,
)
from zhiliang.monitoring import selectors, services
from zhiliang.monitoring.choices import Verdict
from zhiliang.monitoring.exports import purchases_xlsx
from zhiliang.monitoring.forms import ItemForm, OpenCaseForm, PlanForm, PurchaseForm, ResultForm


class PlanList(ScopedListView):
    permission_required = "monitoring.view_plan"
    add_permission = "monitoring.add_plan"
    selector = selectors.plan_list
    template_name = "monitoring/plan_list.html"


class PlanDetail(ScopedDetailView):
    permission_required = "monitoring.view_plan"
    getter = selectors.plan_get
    template_name = "monitoring/plan_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        may_add = user.has_perm("monitoring.add_testitem") and selectors.plan_managed(
            user=user, plan=object
        )
        return {
            "items": selectors.plan_items(plan=object),
            "summary": selectors.plan_summary(plan=object, user=user),
            "item_form": ItemForm() if may_add else None,
        }


class PlanNew(ServiceCreateView):
    permission_required = "monitoring.add_plan"
    form_class = PlanForm
    template_name = "monitoring/form.html"
    success_message = gettext_lazy("The plan was registered; add its test items.")
    success_url = "monitoring:plan"
    service = services.plan_create


class ItemAdd(ServiceFormView):
    permission_required = "monitoring.add_testitem"
    getter = selectors.plan_get
    form_class = ItemForm
    detail_view = PlanDetail
    form_name = "item_form"
    success_url = "monitoring:plan"
    success_message = gettext_lazy("The test item was added.")
    service = services.item_create
    service_arg = "plan"
    record_in_data = True


class PurchaseList(ScopedListView):
    permission_required = "monitoring.view_purchase"
    add_permission = "monitoring.add_purchase"
    import_permission = "monitoring.add_result"
    selector = selectors.purchase_list
    template_name = "monitoring/purchase_list.html"
    export_writer = purchases_xlsx
    export_name = "monitoring-purchases"


class PurchaseDetail(ScopedDetailView):
    permission_required = "monitoring.view_purchase"
    getter = selectors.purchase_get
    template_name = "monitoring/purchase_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        result_form = None
        if user.has_perm("monitoring.add_result"):
            result_form = ResultForm(purchase=object)
            if not result_form.fields["item"].queryset.exists():
                result_form = None
        may_open = (
            user.has_perm("monitoring.change_purchase")
            and user.has_perm("cases.add_case")
            and object.verdict == Verdict.FAIL
            and object.enterprise_id is not None
            and object.case_id is None
        )
        return {
            "results": selectors.purchase_results(purchase=object),
            "result_form": result_form,
            "case_form": OpenCaseForm(actor=user) if may_open else None,
        }


class PurchaseNew(ServiceCreateView):
    permission_required = "monitoring.add_purchase"
    form_class = PurchaseForm
    template_name = "monitoring/form.html"
    success_message = gettext_lazy("The purchase was registered.")
    success_url = "monitoring:purchase"
    service = services.purchase_create


class ResultAdd(ServiceFormView):
    permission_required = "monitoring.add_result"
    getter = selectors.purchase_get
    form_class = ResultForm
    detail_view = PurchaseDetail
    form_name = "result_form"
    success_url = "monitoring:purchase"
    success_message = gettext_lazy("The result was recorded and judged against its limits.")
    service = services.result_create
    service_arg = "purchase"
    record_in_data = True

    def get_form(self, obj):
        return self.form_class(self.request.POST, purchase=obj)


class OpenCase(ServiceFormView):
    """The explicit act that takes a failed purchase to a case against its producer."""

    permission_required = ("monitoring.change_purchase", "cases.add_case")
    getter = selectors.purchase_get
    form_class = OpenCaseForm
    detail_view = PurchaseDetail
    form_name = "case_form"
    success_url = "monitoring:purchase"
    success_message = gettext_lazy("A supervised case was opened against the producer.")
    service = services.purchase_open_case
    service_arg = "purchase"
    service_data = True

    def get_form(self, obj):
        return self.form_class(self.request.POST, actor=self.request.user)
