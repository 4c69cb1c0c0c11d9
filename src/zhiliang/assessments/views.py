from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhiliang.assessments import exports, selectors, services
from zhiliang.assessments.forms import DecideForm, RunForm
from zhiliang.core.views import PageView, ServiceActionView, ServiceFormView
from zhiliang.core.views_helpers import or_404, stored_file
from zhiliang.indicators.models import Indicator

# The services may refuse with PermissionDenied too; the pages show it as a message.
REFUSALS = (ValidationError, PermissionDenied)


class SchemeList(PageView):
    permission_required = "assessments.view_assessmentscheme"
    template_name = "assessments/scheme_list.html"

    def get_extra_context(self, **kwargs):
        user = self.request.user
        return {
            "schemes": selectors.scheme_list(user=user),
            "results": selectors.results_recent(user=user),
        }


class SchemeDetail(PageView):
    permission_required = "assessments.view_assessmentscheme"
    template_name = "assessments/scheme_detail.html"
    bound_forms: dict = {}  # the run form SchemeRun hands back with its errors

    def get_extra_context(self, *, pk, **kwargs):
        user = self.request.user
        context = or_404(selectors.scheme_detail, user=user, pk=pk)
        if user.has_perm("assessments.add_assessmentresult"):
            context["form"] = self.bound_forms.get("form") or RunForm(
                user=user, scheme=context["scheme"]
            )
        return context


class SchemeRun(ServiceFormView):
    permission_required = "assessments.add_assessmentresult"
    getter = selectors.scheme_get
    form_class = RunForm
    detail_view = SchemeDetail
    refusals = REFUSALS
    service = services.result_run
    service_arg = "scheme"

    def get_form(self, obj):
        return RunForm(self.request.POST, user=self.request.user, scheme=obj)

    def announce(self, obj, result):
        messages.success(
            self.request, _("Version %(v)d was run as a draft.") % {"v": result.version}
        )

    def next_page(self, obj, result):
        return redirect("assessments:result", pk=result.pk)

    def form_page(self, obj, form):
        response = super().form_page(obj, form)
        response.status_code = 400
        return response


class ResultDetail(PageView):
    permission_required = "assessments.view_assessmentresult"
    template_name = "assessments/result_detail.html"

    def get_extra_context(self, *, pk, **kwargs):
        user = self.request.user
        context = or_404(selectors.result_detail, user=user, pk=pk)
        open_ = not context["result"].is_frozen
        context["can_decide"] = open_ and user.has_perm("assessments.add_assessmentresult")
        context["can_publish"] = open_ and user.has_perm("assessments.publish_assessmentresult")
        return context


class ResultPublish(ServiceActionView):
    permission_required = "assessments.publish_assessmentresult"
    getter = selectors.result_managed_get
    refusals = REFUSALS
    success_url = "assessments:result"
    success_message = gettext_lazy("The result is published and frozen.")
    service = services.result_publish
    service_arg = "result"


class ScoreDecide(ServiceActionView):
    """A manual check decided yes or no, with its evidence files; back to the entry."""

    permission_required = "assessments.add_assessmentresult"
    getter = selectors.score_managed_get
    form_class = DecideForm
    refusals = REFUSALS

    def perform(self, obj, data):
        services.itemscore_decide(
            actor=self.request.user, score=obj, files=self.request.FILES.getlist("files"), **data
        )

    def form_error_text(self, obj, form):
        return _("Choose yes or no.")

    def refusal_text(self, obj, exc):
        return f"{obj.entry.name} · {obj.name}: {super().refusal_text(obj, exc)}"

    def announce(self, obj, result):
        messages.success(self.request, f"{obj.entry.name} · {obj.name}: " + _("saved."))

    def next_page(self, obj, result):
        return self.refused_page(obj)

    def refused_page(self, obj):
        url = reverse("assessments:result", args=[obj.entry.result_id])
        return redirect(f"{url}#entry-{obj.entry_id}")


@login_required
@permission_required("assessments.view_assessmentresult", raise_exception=True)
def evidence_file(request, pk: int, evidence_pk: int):
    # A file download: no page base fits.
    evidence = or_404(selectors.evidence_get, user=request.user, score_pk=pk, pk=evidence_pk)
    return stored_file(evidence.file, evidence.original_name)


@login_required
@permission_required("assessments.view_assessmentresult", raise_exception=True)
def result_export(request, pk: int, fmt: str):
    # A file download (the result as docx or xlsx): no page base fits.
    make = {"docx": exports.result_docx, "xlsx": exports.result_xlsx}.get(fmt)
    if make is None:
        raise Http404
    context = or_404(selectors.result_detail, user=request.user, pk=pk)
    result = context["result"]
    period = result.period.replace("/", "-")
    name = f"{result.scheme.name[:40]}-{result.region.name}-{period}-v{result.version}.{fmt}"
    return FileResponse(make(context), as_attachment=True, filename=name)


# -- target board -------------------------------------------------------------------------


class TargetBoard(PageView):
    permission_required = "assessments.view_targetlink"
    template_name = "assessments/target_board.html"

    def get_extra_context(self, *, plan_pk, **kwargs):
        user, query = self.request.user, self.request.GET
        region = None
        if query.get("region"):
            region = selectors.board_region(user=user, code=query["region"])
            if region is None:
                raise Http404
        on = parse_date(query.get("on") or "")
        board = or_404(selectors.target_board, user=user, plan_pk=plan_pk, region=region, on=on)
        board["can_link"] = user.has_perm("assessments.add_targetlink")
        board["can_change"] = user.has_perm("assessments.change_targetlink")
        return board


class TargetLink(ServiceActionView):
    """The indicator that measures a plan's target; back to the plan's board."""

    getter = selectors.target_get
    refusals = REFUSALS

    def has_permission(self):
        user = self.request.user
        return user.has_perm("assessments.add_targetlink") or user.has_perm(
            "assessments.change_targetlink"
        )

    def perform(self, obj, data):
        code = self.request.POST.get("indicator", "")
        indicator = Indicator.objects.filter(code=code, active=True).first()
        if indicator is None:
            raise ValidationError(_("Choose an indicator of the catalogue."))
        suggested = self.request.POST.get("suggested") == "1"
        services.targetlink_set(
            actor=self.request.user, target=obj, indicator=indicator, suggested=suggested
        )
        return indicator

    def announce(self, obj, indicator):
        messages.success(
            self.request,
            _("“%(t)s” is measured by %(c)s.") % {"t": obj.indicator_text, "c": indicator.code},
        )

    def next_page(self, obj, result):
        return self.refused_page(obj)

    def refused_page(self, obj):
        return redirect("assessments:targets", plan_pk=obj.plan_id)
