"""The recall pages: the list (cases of kind `recall`), a new recall, and its progress
report (the detail page is the case's, with the recall's particulars and trend)."""

from django.utils.translation import gettext_lazy

from zhiliang.cases import recall_services, selectors
from zhiliang.cases.recall_forms import RecallForm, ReportForm
from zhiliang.cases.views import CaseList, _New, _OnCase


class RecallList(CaseList):
    selector = selectors.recall_list
    template_name = "cases/recall_list.html"
    heading = gettext_lazy("Product recalls")
    tab = "recalls"
    new_url = "cases:recall-new"


class RecallNew(_New):
    form_class = RecallForm
    service = recall_services.recall_open
    heading = gettext_lazy("Record a product recall")
    list_url = "cases:recalls"
    success_message = gettext_lazy("The recall was recorded; its clocks are running.")


class RecallReportAdd(_OnCase):
    permission_required = "cases.change_case"
    form_class = ReportForm
    form_name = "report_form"
    success_message = gettext_lazy("The progress report was recorded.")

    def perform(self, obj, form):
        if not hasattr(obj, "recall"):
            from django.http import Http404

            raise Http404
        recall_services.recall_report(
            actor=self.request.user, recall=obj.recall, data=form.cleaned_data
        )
