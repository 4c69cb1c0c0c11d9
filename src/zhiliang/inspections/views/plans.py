"""Sampling plans and their quotas; running a draw."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhiliang.inspections import forms, rules, selectors, services, stats
from zhiliang.inspections.choices import PlanLevel, PlanStatus
from zhiliang.inspections.models import SamplingPlan
from zhiliang.inspections.views._common import (
    form_errors,
    form_errors_text,
    get_or_404,
    refused,
)


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
    plan = get_or_404(SamplingPlan.objects.visible_to(request.user), pk)
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


@login_required
@permission_required("inspections.view_samplingplan", raise_exception=True)
def plan_detail(request, pk):
    plan = get_or_404(
        SamplingPlan.objects.visible_to(request.user).select_related("region", "authority"), pk
    )
    plan_samples = selectors.plan_samples(request.user, plan)
    can_change = request.user.has_perm("inspections.change_samplingplan")
    open_plan = plan.status != PlanStatus.CLOSED
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "quotas": selectors.plan_quotas(plan),
            "draws": selectors.plan_draws(plan),
            "counts": selectors.verdict_counts(plan_samples),
            "lift": stats.lift(plan_samples),
            "quota_form": forms.QuotaForm(plan=plan) if can_change and open_plan else None,
            "draw_form": forms.DrawForm()
            if request.user.has_perm("inspections.add_draw") and open_plan
            else None,
            "can_change": can_change,
        },
    )


@login_required
@require_POST
@permission_required("inspections.change_samplingplan", raise_exception=True)
def quota_set(request, pk):
    plan = get_or_404(SamplingPlan.objects.visible_to(request.user), pk)
    form = forms.QuotaForm(request.POST, plan=plan)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        try:
            services.quota_set(actor=request.user, plan=plan, **form.cleaned_data)
            messages.success(request, _("The quota was saved."))
        except (ValidationError, PermissionDenied) as exc:
            refused(request, exc)
    return redirect("inspections:plan", pk=plan.pk)


@login_required
@require_POST
@permission_required("inspections.add_draw", raise_exception=True)
def draw_run(request, pk):
    plan = get_or_404(SamplingPlan.objects.visible_to(request.user), pk)
    form = forms.DrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("inspections:plan", pk=plan.pk)
    try:
        draw = services.draw_run(actor=request.user, plan=plan, seed=form.cleaned_data["seed"])
    except (ValidationError, PermissionDenied) as exc:
        refused(request, exc)
        return redirect("inspections:plan", pk=plan.pk)
    messages.success(request, _("The draw was made. Check it, then publish it."))
    return redirect("inspections:draw", pk=draw.pk)
