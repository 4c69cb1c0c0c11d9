"""Follow-up of failed samples: the board and one follow-up with its next steps."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhiliang.core.views import (
    ScopedDetailView,
    ServiceActionView,
    ServiceFormView,
    paginate,
    query_without_page,
)
from zhiliang.core.views_helpers import stored_file
from zhiliang.inspections import forms, selectors, services
from zhiliang.inspections.choices import OPEN_STATES, FollowUpState
from zhiliang.inspections.views._common import record_or_404


class FollowUpOpen(ServiceActionView):
    permission_required = "inspections.add_followup"
    getter = staticmethod(selectors.sample_get)
    form_class = forms.FollowUpOpenForm
    success_url = "inspections:sample"
    success_message = gettext_lazy("The follow-up was started.")

    def perform(self, obj, data):
        return services.followup_open(actor=self.request.user, sample=obj, **data)

    def next_page(self, obj, result):
        return redirect("inspections:followup", pk=result.pk)


followup_open = FollowUpOpen.as_view()


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


class FollowUpDetail(ScopedDetailView):
    """One follow-up, its steps and deadlines, and the form for its next step (posted here)."""

    permission_required = "inspections.view_followup"
    getter = staticmethod(selectors.followup_get)
    template_name = "inspections/followup_detail.html"
    show_history = False

    def get_extra_context(self, *, object, **kwargs):
        fu = object
        options = services.followup_steps(fu)
        actions = [o.action for o in options if o.allowed]
        can_change = self.request.user.has_perm("inspections.change_followup") and actions
        deadlines = [
            (_("objection deadline"), fu.objection_due_on),
            (_("rectification due on"), fu.rectification_due_on),
            (_("re-inspection due on"), fu.reinspection_due_on),
            (_("second re-inspection from"), fu.second_reinspection_from),
            (_("second re-inspection due on"), fu.second_reinspection_due_on),
        ]
        return {
            "fu": fu,
            "steps": selectors.followup_steps_done(fu),
            "form": forms.FollowUpStepForm(actions=actions) if can_change else None,
            "options": options,
            "deadlines": [(label, d) for label, d in deadlines if d],
            "today": timezone.localdate(),
            "is_open": fu.state in OPEN_STATES,
        }

    def post(self, request, *args, **kwargs):
        return FollowUpStepRecord.as_view()(request, *args, **kwargs)


class FollowUpStepRecord(ServiceFormView):
    permission_required = "inspections.change_followup"
    getter = staticmethod(selectors.followup_get)
    detail_view = FollowUpDetail
    success_url = "inspections:followup"
    success_message = gettext_lazy("The step was recorded.")

    def get_form(self, obj):
        actions = [o.action for o in services.followup_steps(obj) if o.allowed]
        return forms.FollowUpStepForm(self.request.POST, self.request.FILES, actions=actions)

    def perform(self, obj, form):
        services.followup_transition(actor=self.request.user, follow_up=obj, **form.cleaned_data)


followup_detail = FollowUpDetail.as_view()


@login_required
@permission_required("inspections.view_followup", raise_exception=True)
def step_evidence(request, pk):
    step = record_or_404(selectors.followup_step_get, request, pk)
    return stored_file(step.evidence)
