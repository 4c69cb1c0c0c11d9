"""Sampling plans and their quotas; running a draw."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhiliang.core.views import ScopedDetailView, ServiceActionView
from zhiliang.inspections import forms, rules, selectors, services, stats
from zhiliang.inspections.choices import PlanLevel, PlanStatus
from zhiliang.inspections.views._common import form_errors, record_or_404


@login_required
@permission_required("inspections.view_samplingplan", raise_exception=True)
def plan_list(request):
    return render(
        request,
        "inspections/plan_list.html",
        {
            "rows": selectors.plans_listed(request.user),
            "can_add": request.user.has_perm("inspections.add_samplingplan"),
        },
    )


def _plan_initial(user) -> dict:
    r = rules.sampling_rules()
    scope = user.jurisdiction
    level = {2: PlanLevel.PROVINCIAL, 4: PlanLevel.CITY}.get(len(scope.code), PlanLevel.COUNTY)
    return {
        "year": timezone.localdate().year,
        "level": level,
        "authority": selectors.default_authority(user),
        "region": scope,
        "random_share": r["random_share"],
        "team_size": r["team_size"],
        "status": PlanStatus.DRAFT,
        **{f"weight_{c.lower()}": w for c, w in r["risk_weights"].items()},
    }


@login_required
@permission_required("inspections.add_samplingplan", raise_exception=True)
def plan_new(request):
    form = forms.PlanForm(
        request.POST or None, user=request.user, initial=_plan_initial(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.sampling_plan_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The plan was saved. Now set its quotas."))
            return redirect("inspections:plan", pk=plan.pk)
    return render(request, "inspections/plan_form.html", {"form": form})


@login_required
@permission_required("inspections.change_samplingplan", raise_exception=True)
def plan_edit(request, pk):
    plan = record_or_404(selectors.plan_get, request, pk)
    initial = {f: getattr(plan, f) for f in forms.PlanForm.base_fields}
    initial["status"] = plan.status
    form = forms.PlanForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.sampling_plan_update(actor=request.user, plan=plan, data=form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("inspections:plan", pk=plan.pk)
    return render(request, "inspections/plan_form.html", {"form": form, "plan": plan})


class PlanDetail(ScopedDetailView):
    permission_required = "inspections.view_samplingplan"
    getter = staticmethod(selectors.plan_get)
    template_name = "inspections/plan_detail.html"
    show_history = False

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        plan_samples = selectors.plan_samples(user, object)
        can_change = user.has_perm("inspections.change_samplingplan")
        open_plan = object.status != PlanStatus.CLOSED
        return {
            "plan": object,
            "quotas": selectors.plan_quotas(object),
            "draws": selectors.plan_draws(object),
            "counts": selectors.verdict_counts(plan_samples),
            "lift": stats.lift(plan_samples),
            "quota_form": forms.QuotaForm(plan=object) if can_change and open_plan else None,
            "draw_form": forms.DrawForm()
            if user.has_perm("inspections.add_draw") and open_plan
            else None,
            "can_change": can_change,
        }


class QuotaSet(ServiceActionView):
    permission_required = "inspections.change_samplingplan"
    getter = staticmethod(selectors.plan_get)
    success_url = "inspections:plan"
    success_message = gettext_lazy("The quota was saved.")
    form_class = forms.QuotaForm

    def get_form(self, obj):
        return forms.QuotaForm(self.request.POST, plan=obj)

    def perform(self, obj, data):
        return services.quota_set(actor=self.request.user, plan=obj, **data)


class DrawRun(ServiceActionView):
    permission_required = "inspections.add_draw"
    getter = staticmethod(selectors.plan_get)
    form_class = forms.DrawForm
    success_url = "inspections:plan"
    success_message = gettext_lazy("The draw was made. Check it, then publish it.")

    def perform(self, obj, data):
        return services.draw_run(actor=self.request.user, plan=obj, seed=data["seed"])

    def next_page(self, obj, result):
        return redirect("inspections:draw", pk=result.pk)


plan_detail = PlanDetail.as_view()
quota_set = QuotaSet.as_view()
draw_run = DrawRun.as_view()
