from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhiliang.core.models import Region
from zhiliang.core.views import ScopedDetailView, ScopedListView
from zhiliang.core.views_helpers import or_404, stored_file
from zhiliang.plans import board, exports, reporting, review, review_state, selectors, services
from zhiliang.plans.choices import Comparator, TaskState
from zhiliang.plans.forms import PlanSourceForm, ReportForm
from zhiliang.plans.models import Plan, SupervisionNotice


class PlanList(ScopedListView):
    permission_required = "plans.view_plan"
    add_permission = "plans.add_plan"
    selector = selectors.plan_list
    template_name = "plans/plan_list.html"


@login_required
@permission_required("plans.add_plan", raise_exception=True)
def plan_new(request):
    form = PlanSourceForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        token, name = "", ""
        try:
            if form.cleaned_data["file"]:
                upload = form.cleaned_data["file"]
                token, text = review.stage_upload(upload)
                name = upload.name
            else:
                text = form.cleaned_data["text"]
            prepared = review.review_prepare(
                actor=request.user, region=form.cleaned_data["region"], text=text
            )
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            return _render_review(request, prepared, form.cleaned_data["region"], token, name)
    return render(request, "plans/plan_new.html", {"form": form})


def _render_review(request, prepared, region, token, name, status=200):
    scope = request.user.jurisdiction
    review_state.with_span_values(prepared.state)
    return render(
        request,
        "plans/plan_review.html",
        {
            "prepared": prepared,
            "state": prepared.state,
            "region": region,
            "token": token,
            "source_name": name,
            "segments": review_state.segments(prepared.text, review_state.marks(prepared.state)),
            "tasks": selectors.review_task_rows(prepared, scope=scope),
            "comparators": Comparator.choices,
            "organisations": selectors.organisation_choices(region=region),
        },
        status=status,
    )


def _review_region(request):
    return Region.objects.filter(code=request.POST.get("region")).first()


@login_required
@require_POST
@permission_required("plans.add_plan", raise_exception=True)
def plan_confirm(request):
    """Save the reviewed plan; refused rows bring the page back as the reviewer left it,
    with the reasons beside them."""
    region = _review_region(request)
    text = review.normalise(request.POST.get("source_text", ""))
    if region is None or not text:
        messages.error(request, _("The review form was incomplete; start again."))
        return redirect("plans:new")
    update = None
    if request.POST.get("update_plan"):
        try:
            update = selectors.plan_get(user=request.user, pk=request.POST["update_plan"])
        except (Plan.DoesNotExist, ValueError):
            raise Http404 from None
    state = review_state.state_from_post(request.POST)
    token, name = request.POST.get("token", ""), request.POST.get("source_name", "")
    try:
        plan = review.review_commit(
            actor=request.user,
            region=region,
            text=text,
            source_name=name,
            token=token,
            state=state,
            update=update,
        )
    except (ValidationError, PermissionDenied) as exc:
        errors = getattr(exc, "error_dict", None)
        if errors is not None:
            review_state.attach_errors(state, exc.message_dict)
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        prepared = review.review_reopen(actor=request.user, region=region, text=text, state=state)
        return _render_review(request, prepared, region, token, name, 400)
    messages.success(request, _("The plan was updated.") if update else _("The plan was saved."))
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_POST
@permission_required("plans.add_plan", raise_exception=True)
def review_selection(request):
    """What the text the reviewer selected in the source holds (the page fills the row it
    adds from it)."""
    region = _review_region(request)
    if region is None:
        raise Http404
    try:
        found = review.read_selection(
            actor=request.user, region=region, text=request.POST.get("text", "")
        )
    except PermissionDenied:
        raise Http404 from None
    return JsonResponse(found)


@login_required
@permission_required("plans.view_plan", raise_exception=True)
def plan_detail(request, pk: int):
    context = or_404(board.plan_board, user=request.user, pk=pk)
    return render(request, "plans/plan_detail.html", context)


@login_required
@permission_required("plans.view_plan", raise_exception=True)
def plan_source(request, pk: int):
    """The plan's document beside its targets and tasks, each item's clause highlighted."""
    plan = or_404(selectors.plan_get, user=request.user, pk=pk)
    items = selectors.plan_source_items(plan=plan)
    marks = [(i["span"][0], i["span"][1], i["key"]) for i in items if i["span"]]
    return render(
        request,
        "plans/plan_source.html",
        {
            "plan": plan,
            "items": items,
            "segments": review_state.segments(plan.source_text, marks),
        },
    )


@login_required
@permission_required("plans.view_plan", raise_exception=True)
def plan_source_file(request, pk: int):
    """The file the plan was uploaded from, as it was uploaded."""
    plan = or_404(selectors.plan_get, user=request.user, pk=pk)
    return stored_file(plan.source_file, plan.source_name)


class TaskDetail(ScopedDetailView):
    """A task: its units and due date, every report with its evidence, its notices."""

    permission_required = "plans.view_task"
    getter = board.task_get
    template_name = "plans/task_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        return board.task_page(user=self.request.user, task=object)


@login_required
@permission_required("plans.view_progressreport", raise_exception=True)
def evidence_file(request, report_pk: int, pk: int):
    """An evidence file, for everyone who may see its report."""
    evidence = or_404(board.evidence_get, user=request.user, report_pk=report_pk, pk=pk)
    return stored_file(evidence.file, evidence.original_name)


class TaskList(ScopedListView):
    """Tasks across the plans of the jurisdiction: the office's to-do list."""

    permission_required = "plans.view_task"
    selector = selectors.task_list
    template_name = "plans/task_list.html"
    export_writer = exports.tasks_xlsx
    export_name = "tasks"

    def get_extra_context(self, **kwargs):
        return {"states": TaskState.choices}


@login_required
@permission_required("plans.add_progressreport", raise_exception=True)
def my_tasks(request):
    overdue = request.GET.get("overdue") in ("1", "true")
    tasks = selectors.tasks_of_unit(user=request.user, overdue=overdue)
    return render(request, "plans/my_tasks.html", {"tasks": tasks, "overdue": overdue})


@login_required
@permission_required("plans.add_progressreport", raise_exception=True)
def report_new(request, task_pk: int):
    task = or_404(selectors.task_for_report, user=request.user, pk=task_pk)
    form = ReportForm(request.POST or None, initial={"reported_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            reporting.report_with_evidence(
                actor=request.user,
                task=task,
                files=request.FILES.getlist("files"),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not report on this task."))
        else:
            messages.success(request, _("Your report was submitted."))
            return redirect("plans:my-tasks")
    return render(
        request,
        "plans/report_new.html",
        {"task": task, "form": form, "reports": selectors.task_reports(task=task)},
    )


class NoticeList(ScopedListView):
    permission_required = "plans.view_supervisionnotice"
    selector = selectors.notice_list
    template_name = "plans/notice_list.html"

    def get_extra_context(self, *, filterset, **kwargs):
        return {
            "filtered": bool(set(filterset.data) - {"page"}),
            "can_issue": self.request.user.has_perm("plans.change_supervisionnotice"),
            "default_respond_by": timezone.localdate() + timedelta(days=7),
        }


@login_required
@require_POST
def notice_action(request, pk: int, action: str):
    try:
        notice = selectors.notices_visible_to(user=request.user).get(pk=pk)
    except SupervisionNotice.DoesNotExist:
        raise Http404 from None
    try:
        if action == "issue":
            respond_by = parse_date(request.POST.get("respond_by") or "")
            if respond_by is None:
                raise ValidationError(_("Give the date by which the unit must answer."))
            services.notice_issue(actor=request.user, notice=notice, respond_by=respond_by)
        elif action == "respond":
            services.notice_respond(
                actor=request.user, notice=notice, response=request.POST.get("response", "")
            )
        elif action == "close":
            services.notice_close(actor=request.user, notice=notice)
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [])) or _("You may not do this."))
    return redirect("plans:notices")


@login_required
@permission_required("plans.view_plan", raise_exception=True)
def plan_export(request, pk: int, fmt: str):
    plan = or_404(selectors.plan_get, user=request.user, pk=pk)
    make = {"docx": exports.plan_tasks_docx, "xlsx": exports.plan_tasks_xlsx}.get(fmt)
    if make is None:
        raise Http404
    tmp = make(plan=plan)
    name = f"{plan.title[:40]}-任务分解表.{fmt}"
    return FileResponse(open(tmp.name, "rb"), as_attachment=True, filename=name)
