from django.utils import timezone
from django.utils.translation import gettext_lazy

from zhiliang.complaints import rules, selectors, services
from zhiliang.complaints.choices import ComplaintStatus
from zhiliang.complaints.exports import complaints_xlsx
from zhiliang.complaints.forms import AcceptForm, CloseForm, ComplaintForm, CorrectForm
from zhiliang.core.views import (
    ScopedDetailView,
    ScopedListView,
    ServiceActionView,
    ServiceCreateView,
    ServiceFormView,
)


class ComplaintList(ScopedListView):
    permission_required = "complaints.view_complaint"
    add_permission = "complaints.add_complaint"
    import_permission = "complaints.add_complaint"
    selector = selectors.complaint_list
    template_name = "complaints/complaint_list.html"
    export_writer = complaints_xlsx
    export_name = "complaints"

    def get_extra_context(self, *, filterset, **kwargs):
        return {
            "counts": selectors.complaint_counts(queryset=filterset.qs)
            if filterset.is_valid()
            else None,
            "today": timezone.localdate(),
        }


class ComplaintDetail(ScopedDetailView):
    permission_required = "complaints.view_complaint"
    getter = selectors.complaint_get
    template_name = "complaints/complaint_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        may_change = self.request.user.has_perm("complaints.change_complaint")
        return {
            "today": timezone.localdate(),
            "deadlines": rules.rules()["deadlines"],
            "accept_form": AcceptForm()
            if may_change and object.status == ComplaintStatus.RECEIVED
            else None,
            "close_form": CloseForm()
            if may_change and object.status != ComplaintStatus.CLOSED
            else None,
            "correct_form": CorrectForm(
                initial={f: getattr(object, f) for f in CorrectForm.base_fields}
            )
            if may_change
            else None,
        }


class ComplaintNew(ServiceCreateView):
    """Take down a complaint: the form, then `complaint_create` with the actor."""

    permission_required = "complaints.add_complaint"
    template_name = "complaints/complaint_form.html"
    form_class = ComplaintForm
    success_message = gettext_lazy("The complaint was registered.")
    success_url = "complaints:detail"
    error_fields = {"enterprise": "enterprise_uscc", "region": "region_code"}
    service = services.complaint_create


class ComplaintAccept(ServiceActionView):
    """Accepted for handling (受理)."""

    permission_required = "complaints.change_complaint"
    getter = selectors.complaint_get
    form_class = AcceptForm
    success_url = "complaints:detail"
    success_message = gettext_lazy("The complaint was accepted for handling.")
    service = services.complaint_accept
    service_arg = "complaint"


class ComplaintClose(ServiceActionView):
    """Closed with its outcome."""

    permission_required = "complaints.change_complaint"
    getter = selectors.complaint_get
    form_class = CloseForm
    success_url = "complaints:detail"
    success_message = gettext_lazy("The complaint was closed.")
    service = services.complaint_close
    service_arg = "complaint"


class ComplaintCorrect(ServiceFormView):
    """Correct product, category or description; errors come back on the record's page."""

    permission_required = "complaints.change_complaint"
    getter = selectors.complaint_get
    form_class = CorrectForm
    detail_view = ComplaintDetail
    form_name = "correct_form"
    success_url = "complaints:detail"
    success_message = gettext_lazy("The complaint was corrected.")
    service = services.complaint_update
    service_arg = "complaint"
    service_data = True
