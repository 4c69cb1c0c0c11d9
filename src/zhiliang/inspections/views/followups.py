"""Follow-up of failed samples: the board and one follow-up with its next steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhiliang.core.views import paginate, query_without_page
from zhiliang.inspections import forms, selectors, services
from zhiliang.inspections.choices import OPEN_STATES, FollowUpState
from zhiliang.inspections.models import FollowUp, FollowUpStep, Sample
from zhiliang.inspections.views._common import (
    form_errors,
    form_errors_text,
    get_or_404,
    need,
    refused,
)


@login_required
@require_POST
@permission_required("inspections.add_followup", raise_exception=True)
def followup_open(request, pk):
    sample = get_or_404(Sample.objects.visible_to(request.user), pk)
    form = forms.FollowUpOpenForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("inspections:sample", pk=sample.pk)
    try:
        fu = services.followup_open(actor=request.user, sample=sample, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        refused(request, exc)
        return redirect("inspections:sample", pk=sample.pk)
    messages.success(request, _("The follow-up was started."))
    return redirect("inspections:followup", pk=fu.pk)


@login_required
@permission_required("inspections.view_followup", raise_exception=True)
def followup_board(request):
    by_state = selectors.followup_state_counts(request.user)
    states = [(value, label, by_state.get(value, 0)) for value, label in FollowUpState.choices]
    state = request.GET.get("state", "")
    if state not in FollowUpState.values:
        state = ""
    listed = selectors.followups_listed(request.user, state)
    page = paginate(listed, request)
    overdue = (
        selectors.followups_overdue(request.user)
        .select_related("sample", "sample__enterprise")
        .order_by("due_on")[:100]
    )
    return render(
        request,
        "inspections/followup_board.html",
        {
            "states": states,
            "state": state,
            "page": page,
            "overdue": overdue,
            "query": query_without_page(request),
            "today": timezone.localdate(),
        },
    )


@login_required
@permission_required("inspections.view_followup", raise_exception=True)
def followup_detail(request, pk):
    fu = get_or_404(
        FollowUp.objects.visible_to(request.user).select_related(
            "sample", "sample__enterprise", "sample__product"
        ),
        pk,
    )
    options = services.followup_steps(fu)
    actions = [o.action for o in options if o.allowed]
    can_change = request.user.has_perm("inspections.change_followup") and actions
    form = (
        forms.FollowUpStepForm(request.POST or None, request.FILES or None, actions=actions)
        if can_change
        else None
    )
    if request.method == "POST":
        need(request, "inspections.change_followup")
        if form is not None and form.is_valid():
            data = form.cleaned_data
            try:
                services.followup_transition(
                    actor=request.user,
                    follow_up=fu,
                    action=data["action"],
                    done_on=data["done_on"],
                    note=data["note"],
                    evidence=data["evidence"],
                    escalation=data["escalation"],
                    objection_waived=data["objection_waived"],
                    training_attendees=data["training_attendees"],
                )
            except ValidationError as exc:
                form_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The step was recorded."))
                return redirect("inspections:followup", pk=fu.pk)
    deadlines = [
        (_("objection deadline"), fu.objection_due_on),
        (_("rectification due on"), fu.rectification_due_on),
        (_("re-inspection due on"), fu.reinspection_due_on),
        (_("second re-inspection from"), fu.second_reinspection_from),
        (_("second re-inspection due on"), fu.second_reinspection_due_on),
    ]
    return render(
        request,
        "inspections/followup_detail.html",
        {
            "fu": fu,
            "steps": fu.steps.select_related("actor"),
            "form": form,
            "options": options,
            "deadlines": [(label, d) for label, d in deadlines if d],
            "today": timezone.localdate(),
            "is_open": fu.state in OPEN_STATES,
        },
    )


@login_required
@permission_required("inspections.view_followup", raise_exception=True)
def step_evidence(request, pk):
    step = get_or_404(FollowUpStep.objects.visible_to(request.user), pk)
    if not step.evidence:
        raise Http404
    return FileResponse(step.evidence.open("rb"), as_attachment=True)
