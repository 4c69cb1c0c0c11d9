from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from zhiliang.cases import rules, selectors, services
from zhiliang.cases.exports import cases_xlsx, deadlines_xlsx
from zhiliang.cases.filtersets import SOON_DAYS
from zhiliang.cases.forms import (
    AccidentForm,
    AdvanceForm,
    CheckForm,
    DocumentForm,
    EventForm,
    ExtendForm,
    InterviewForm,
    SupervisedForm,
)
from zhiliang.cases.models import Case
from zhiliang.core import workdays
from zhiliang.core.guards import may_import
from zhiliang.core.masking import may_see_personal_data
from zhiliang.core.views import (
    RoleRequiredView,
    ScopedDetailView,
    ScopedListView,
    ScopedObjectMixin,
    ServiceActionView,
    ServiceCreateView,
    ServiceFormView,
)
from zhiliang.core.views_helpers import stored_file

VIEW, ADD, CHANGE = "cases.view_case", "cases.add_case", "cases.change_case"


class CaseList(ScopedListView):
    permission_required = VIEW
    selector = selectors.case_list
    template_name = "cases/case_list.html"
    export_writer = cases_xlsx
    export_name = "cases"
    heading = gettext_lazy("Cases")
    new_url = ""
    tab = "all"
    import_kind = ""

    def get_extra_context(self, *, filterset, **kwargs):
        counts = selectors.case_counts(queryset=filterset.qs) if filterset.is_valid() else None
        user = self.request.user
        may_add = user.has_perm(ADD)
        return {
            "counts": counts,
            "heading": self.heading,
            "new_url": self.new_url if may_add else "",
            "tab": self.tab,
            "import_kind": self.import_kind if may_import(user, ADD) else "",
        }


class AccidentList(CaseList):
    selector = selectors.accident_list
    heading = gettext_lazy("Accidents")
    tab = "accidents"
    import_kind = "accidents"
    new_url = "cases:accident-new"


class SupervisedList(CaseList):
    selector = selectors.supervised_list
    heading = gettext_lazy("Supervised cases")
    tab = "supervised"
    new_url = "cases:supervised-new"


class TimerPage(ScopedListView):
    """What is due soon and what is late: the counts per clock (one grouped query) and the
    running clocks, late first."""

    permission_required = VIEW
    selector = selectors.deadline_list
    template_name = "cases/timer.html"
    export_writer = deadlines_xlsx
    export_name = "deadlines"

    def get_extra_context(self, *, filterset, **kwargs):
        ok = filterset.is_valid()
        summary = selectors.timer_summary(queryset=filterset.qs) if ok else []
        for row in summary:
            row["label"] = rules.clock_label(row["kind"])
        return {"summary": summary, "now": timezone.now(), "soon_days": SOON_DAYS}


def _calendar_notes(case) -> list[dict]:
    """The holiday calendar's years the clocks fall in that are missing or not certain."""
    years = {d.due.year for d in case.deadlines.all()} | {timezone.localdate().year}
    notes = []
    for year in sorted(years):
        info = workdays.year_known(year)
        if info is None or not info["sure"]:
            notes.append({"year": year, "known": info is not None})
    return notes


def _recall_context(case, may_change: bool) -> dict:
    """A recall's particulars, its correction-rate trend and the progress report form."""
    if case.kind != "recall" or not hasattr(case, "recall"):
        return {}
    from zhiliang.cases.recall_forms import ReportForm
    from zhiliang.cases.recall_rules import methods_rule

    return {
        "recall": case.recall,
        "trend": selectors.recall_trend(case),
        "methods_rule": methods_rule(),
        "report_form": ReportForm() if may_change and case.stage == "implementing" else None,
    }


class CaseDetail(ScopedDetailView):
    permission_required = VIEW
    getter = selectors.case_get
    template_name = "cases/case_detail.html"

    def get_history(self, obj):
        """Stages and grades by their names, not their codes."""
        history = super().get_history(obj)
        names = {
            Case._meta.get_field("stage").verbose_name: lambda v: rules.stage_label(obj.kind, v),
            Case._meta.get_field("grade").verbose_name: rules.grade_label,
        }
        for item in history or []:
            for change in item["changes"]:
                show = names.get(change["field"])
                if show:
                    change["old"] = show(change["old"]) if change["old"] else change["old"]
                    change["new"] = show(change["new"]) if change["new"] else change["new"]
        return history

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        may_change = user.has_perm(CHANGE) and not object.is_closed
        clocks = {c.code: c for c in rules.clocks(object.kind, object.grade)}
        timeline = selectors.case_timeline(object)
        for deadline in timeline["deadlines"]:
            clock = clocks.get(deadline.kind)
            deadline.rule = clock
            deadline.may_extend = bool(
                may_change
                and clock
                and clock.extension
                and not deadline.extended
                and deadline.met_at is None
            )
        return {
            **timeline,
            **_recall_context(object, may_change),
            "now": timezone.now(),
            "show_people": may_see_personal_data(user),
            "rules_sure": all(c.sure for c in clocks.values()),
            "grade_rules": rules.grade_rules(),
            "calendar_notes": _calendar_notes(object),
            "advance_form": AdvanceForm(case=object) if may_change else None,
            "event_form": EventForm(case=object)
            if may_change and rules.events(object.kind) and object.kind != "recall"
            else None,
            "interview_form": InterviewForm()
            if user.has_perm("cases.add_interview") and not object.is_closed
            else None,
            "check_form": CheckForm() if user.has_perm("cases.change_interview") else None,
            "extend_form": ExtendForm() if may_change else None,
            "document_form": DocumentForm() if user.has_perm("cases.add_casedocument") else None,
        }


class _New(ServiceCreateView):
    permission_required = ADD
    template_name = "cases/case_form.html"
    success_url = "cases:detail"
    error_fields = {"enterprise": "enterprise_uscc", "equipment_unit": "register_code"}
    heading = ""
    list_url = ""

    def get_extra_context(self, **kwargs):
        return {"heading": self.heading, "list_url": self.list_url}


class AccidentNew(_New):
    form_class = AccidentForm
    service = services.accident_report
    heading = gettext_lazy("Report an accident")
    list_url = "cases:accidents"
    success_message = gettext_lazy("The accident was recorded; its clocks are running.")


class SupervisedNew(_New):
    form_class = SupervisedForm
    service = services.supervised_list
    heading = gettext_lazy("List a case for supervision")
    list_url = "cases:supervised"
    success_message = gettext_lazy("The case was listed for supervision.")


class _OnCase(ServiceFormView):
    permission_required = VIEW
    getter = selectors.case_get
    detail_view = CaseDetail
    success_url = "cases:detail"
    service_arg = "case"

    def get_form(self, obj):
        return self.form_class(self.request.POST, self.request.FILES, **self.form_kwargs(obj))

    def form_kwargs(self, obj):
        return {}


class CaseAdvance(_OnCase):
    permission_required = CHANGE
    form_class = AdvanceForm
    form_name = "advance_form"
    success_message = gettext_lazy("The case moved on.")

    def form_kwargs(self, obj):
        return {"case": obj}

    def perform(self, obj, form):
        data = form.cleaned_data
        services.case_advance(
            actor=self.request.user,
            case=obj,
            to=data["to"],
            at=data["at"],
            note=data["note"],
            penalty=form.penalty_data(),
        )


class CaseEvent(_OnCase):
    permission_required = CHANGE
    form_class = EventForm
    form_name = "event_form"
    success_message = gettext_lazy("The step was recorded.")
    service = services.case_event

    def form_kwargs(self, obj):
        return {"case": obj}


class InterviewAdd(_OnCase):
    permission_required = "cases.add_interview"
    form_class = InterviewForm
    form_name = "interview_form"
    success_message = gettext_lazy("The interview was recorded; its follow-up is on the clock.")
    service = services.interview_add
    service_data = True


class DocumentAdd(_OnCase):
    permission_required = "cases.add_casedocument"
    form_class = DocumentForm
    form_name = "document_form"
    success_message = gettext_lazy("The document was attached.")

    def perform(self, obj, form):
        data = form.cleaned_data
        services.document_add(
            actor=self.request.user, case=obj, title=data["title"], upload=data["file"]
        )


class InterviewCheck(ServiceActionView):
    permission_required = "cases.change_interview"
    getter = selectors.case_get
    form_class = CheckForm
    success_url = "cases:detail"
    success_message = gettext_lazy("The follow-up check was recorded.")

    def perform(self, obj, data):
        interview = obj.interviews.filter(pk=self.kwargs["item"]).first()
        if interview is None:
            raise Http404
        return services.interview_check(
            actor=self.request.user, interview=interview, on=data["on"], result=data["result"]
        )


class DeadlineExtend(ServiceActionView):
    permission_required = CHANGE
    getter = selectors.case_get
    form_class = ExtendForm
    success_url = "cases:detail"
    success_message = gettext_lazy("The deadline was extended.")

    def perform(self, obj, data):
        deadline = obj.deadlines.filter(pk=self.kwargs["item"]).first()
        if deadline is None:
            raise Http404
        return services.deadline_extend(
            actor=self.request.user, deadline=deadline, reason=data["reason"]
        )


class DocumentDownload(ScopedObjectMixin, RoleRequiredView):
    permission_required = VIEW
    getter = selectors.case_get

    def get(self, request, *args, **kwargs):
        case = self.get_object()
        document = case.documents.filter(pk=kwargs["item"]).first()
        if document is None:
            raise Http404
        return stored_file(document.file, document.original_name)
