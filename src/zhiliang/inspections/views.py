"""Pages of supervision sampling. Reads start from `visible_to(user)`; writes go through
`services` after a permission check; a refusal is a message, never a half-done change."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhiliang.core.masking import mask, may_see_personal_data
from zhiliang.enterprises.models import Product
from zhiliang.inspections import forms, rules, selectors, services, stats
from zhiliang.inspections.choices import (
    OPEN_STATES,
    FollowUpState,
    PickShare,
    PlanLevel,
    PlanStatus,
    Verdict,
)
from zhiliang.inspections.exports import announcement_xlsx, result_sheet_template
from zhiliang.inspections.filtersets import SampleFilterSet
from zhiliang.inspections.importers import SAMPLE_IMPORT
from zhiliang.inspections.models import (
    Draw,
    DrawInspector,
    DrawPick,
    FollowUp,
    FollowUpStep,
    Inspector,
    Sample,
    SamplingPlan,
    TestItem,
)

PAGE_SIZE = 50
PUBLIC_PAGE_SIZE = 30


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _refused(request, exc) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))


def _need(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# -- plans ----------------------------------------------------------------------------------------


@login_required
@permission_required("inspections.view_samplingplan", raise_exception=True)
def plan_list(request):
    plans = (
        SamplingPlan.objects.visible_to(request.user)
        .select_related("region", "authority")
        .annotate(
            n_quotas=Count("quotas", distinct=True),
            n_draws=Count("draws", distinct=True),
        )
    )
    samples = dict(
        Sample.objects.filter(plan__in=plans.values("pk"))
        .values("plan")
        .annotate(n=Count("id"))
        .values_list("plan", "n")
    )
    rows = [(p, samples.get(p.pk, 0)) for p in plans]
    return render(
        request,
        "inspections/plan_list.html",
        {"rows": rows, "can_add": request.user.has_perm("inspections.add_samplingplan")},
    )


def _plan_initial(user) -> dict:
    r = rules.sampling_rules()
    scope = user.jurisdiction
    level = {2: PlanLevel.PROVINCIAL, 4: PlanLevel.CITY}.get(len(scope.code), PlanLevel.COUNTY)
    return {
        "year": timezone.localdate().year,
        "level": level,
        "authority": user.organization,
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
            _form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The plan was saved. Now set its quotas."))
            return redirect("inspections:plan", pk=plan.pk)
    return render(request, "inspections/plan_form.html", {"form": form})


@login_required
@permission_required("inspections.change_samplingplan", raise_exception=True)
def plan_edit(request, pk):
    plan = _get(SamplingPlan.objects.visible_to(request.user), pk)
    initial = {f: getattr(plan, f) for f in forms.PlanForm.base_fields}
    initial["status"] = plan.status
    form = forms.PlanForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.sampling_plan_update(actor=request.user, plan=plan, data=form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("inspections:plan", pk=plan.pk)
    return render(request, "inspections/plan_form.html", {"form": form, "plan": plan})


@login_required
@permission_required("inspections.view_samplingplan", raise_exception=True)
def plan_detail(request, pk):
    plan = _get(
        SamplingPlan.objects.visible_to(request.user).select_related("region", "authority"), pk
    )
    quotas = plan.quotas.select_related("product", "region").annotate(n_picks=Count("picks"))
    draws = plan.draws.select_related("created_by", "published_by").annotate(n_picks=Count("picks"))
    plan_samples = Sample.objects.visible_to(request.user).filter(plan=plan)
    counts = plan_samples.aggregate(
        total=Count("id"),
        passed=Count("id", filter=Q(verdict=Verdict.PASS)),
        failed=Count("id", filter=Q(verdict=Verdict.FAIL)),
        pending=Count("id", filter=Q(verdict=Verdict.PENDING)),
    )
    can_change = request.user.has_perm("inspections.change_samplingplan")
    open_plan = plan.status != PlanStatus.CLOSED
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "quotas": quotas,
            "draws": draws,
            "counts": counts,
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
    plan = _get(SamplingPlan.objects.visible_to(request.user), pk)
    form = forms.QuotaForm(request.POST, plan=plan)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    else:
        try:
            services.quota_set(actor=request.user, plan=plan, **form.cleaned_data)
            messages.success(request, _("The quota was saved."))
        except (ValidationError, PermissionDenied) as exc:
            _refused(request, exc)
    return redirect("inspections:plan", pk=plan.pk)


@login_required
@require_POST
@permission_required("inspections.add_draw", raise_exception=True)
def draw_run(request, pk):
    plan = _get(SamplingPlan.objects.visible_to(request.user), pk)
    form = forms.DrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("inspections:plan", pk=plan.pk)
    try:
        draw = services.draw_run(actor=request.user, plan=plan, seed=form.cleaned_data["seed"])
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
        return redirect("inspections:plan", pk=plan.pk)
    messages.success(request, _("The draw was made. Check it, then publish it."))
    return redirect("inspections:draw", pk=draw.pk)


# -- draws ----------------------------------------------------------------------------------------


def _draws(user):
    return Draw.objects.visible_to(user)


@login_required
@permission_required("inspections.view_draw", raise_exception=True)
def draw_detail(request, pk, verification=None):
    draw = _get(
        _draws(request.user).select_related("plan", "plan__region", "created_by", "published_by"),
        pk,
    )
    first_sample = Sample.objects.filter(pick=OuterRef("pk")).order_by("id").values("pk")[:1]
    picks = (
        DrawPick.objects.filter(draw=draw)
        .select_related("enterprise", "enterprise__region", "quota__product", "quota__region")
        .annotate(sample_id=Subquery(first_sample))
        .prefetch_related(
            Prefetch("team", queryset=DrawInspector.objects.select_related("inspector"))
        )
    )
    return render(
        request,
        "inspections/draw_detail.html",
        {
            "draw": draw,
            "picks": picks,
            "shares": selectors.draw_shares(draw),
            "share_labels": dict(PickShare.choices),
            "verification": verification,
            "can_publish": request.user.has_perm("inspections.publish_draw")
            and not draw.is_published,
            "can_discard": request.user.has_perm("inspections.add_draw") and not draw.is_published,
        },
    )


@login_required
@require_POST
@permission_required("inspections.view_draw", raise_exception=True)
def draw_verify(request, pk):
    draw = _get(_draws(request.user), pk)
    verification = selectors.draw_verify(draw)
    if request.headers.get("HX-Request"):
        return render(request, "inspections/_verification.html", {"verification": verification})
    return draw_detail(request, pk, verification=verification)


@login_required
@require_POST
@permission_required("inspections.publish_draw", raise_exception=True)
def draw_publish(request, pk):
    draw = _get(_draws(request.user), pk)
    try:
        services.draw_publish(actor=request.user, draw=draw)
        messages.success(request, _("The draw was verified and published."))
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    return redirect("inspections:draw", pk=draw.pk)


@login_required
@require_POST
@permission_required("inspections.add_draw", raise_exception=True)
def draw_discard(request, pk):
    draw = _get(_draws(request.user), pk)
    plan_pk = draw.plan_id
    try:
        services.draw_discard(actor=request.user, draw=draw)
        messages.info(request, _("The draw was discarded."))
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
        return redirect("inspections:draw", pk=pk)
    return redirect("inspections:plan", pk=plan_pk)


# -- samples --------------------------------------------------------------------------------------


def _sample_filterset(request):
    base = Sample.objects.visible_to(request.user).select_related(
        "enterprise", "product", "product__parent", "plan", "region"
    )
    return SampleFilterSet(request.GET or None, queryset=base, request=request)


@login_required
@permission_required("inspections.view_sample", raise_exception=True)
def sample_list(request):
    filterset = _sample_filterset(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/sample_list.html",
        {
            "filterset": filterset,
            "page": page,
            "query": _query(request),
            "plans": SamplingPlan.objects.visible_to(request.user).only("id", "name", "year"),
            "levels": PlanLevel.choices,
            "verdicts": Verdict.choices,
            "categories": Product.objects.filter(parent__isnull=True).order_by("code"),
            "can_add": request.user.has_perm("inspections.add_sample"),
            "can_import": request.user.has_perm("imports.add_importbatch")
            and request.user.has_perm("inspections.add_sample"),
            "import_help": SAMPLE_IMPORT.examples["help"],
        },
    )


@login_required
@permission_required("inspections.view_sample", raise_exception=True)
def sample_export(request):
    filterset = _sample_filterset(request)
    if filterset.is_bound and not filterset.is_valid():
        return sample_list(request)
    tmp = announcement_xlsx(queryset=filterset.qs)
    name = f"sampling-results-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(open(tmp.name, "rb"), as_attachment=True, filename=name)


@login_required
@permission_required("inspections.add_sample", raise_exception=True)
def result_template(request):
    tmp = result_sheet_template()
    return FileResponse(open(tmp.name, "rb"), as_attachment=True, filename="lab-results.xlsx")


def _failed_items():
    return Prefetch(
        "test_items",
        queryset=TestItem.objects.filter(verdict=Verdict.FAIL).order_by("order", "id"),
        to_attr="failed_items",
    )


@login_required
@permission_required("inspections.view_sample", raise_exception=True)
def sample_detail(request, pk):
    sample = _get(
        Sample.objects.visible_to(request.user).select_related(
            "enterprise", "product", "plan", "region", "laboratory", "pick__draw", "created_by"
        ),
        pk,
    )
    follow_up = FollowUp.objects.filter(sample=sample).first()
    can_follow = (
        sample.verdict == Verdict.FAIL
        and follow_up is None
        and request.user.has_perm("inspections.add_followup")
    )
    return render(
        request,
        "inspections/sample_detail.html",
        {
            "sample": sample,
            "items": sample.test_items.all(),
            "follow_up": follow_up,
            "open_form": forms.FollowUpOpenForm(initial={"notified_on": timezone.localdate()})
            if can_follow
            else None,
            "can_edit": request.user.has_perm("inspections.change_sample")
            and sample.published_at is None
            and follow_up is None,
            "can_publish": request.user.has_perm("inspections.publish_sample")
            and sample.published_at is None
            and sample.verdict != Verdict.PENDING,
            "objection_days": rules.followup_rules()["objection_days"],
        },
    )


@login_required
@permission_required("inspections.add_sample", raise_exception=True)
def sample_new(request):
    plans = selectors.plans_open_to(request.user).exclude(status=PlanStatus.CLOSED)
    initial = {"sampled_on": timezone.localdate(), "test_units": 1, "backup_units": 1}
    if request.GET.get("plan"):
        initial["plan"] = request.GET["plan"]
    if request.GET.get("uscc"):
        initial["uscc"] = request.GET["uscc"]
    form = forms.SampleForm(request.POST or None, user=request.user, plans=plans, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sample = services.sample_record(
                actor=request.user,
                plan=data["plan"],
                enterprise=data["enterprise"],
                product=data["product"],
                data=form.sample_data(),
                test_items=data["items"] or None,
                pick=_pick_for(data["plan"], data["enterprise"]),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The sample was recorded."))
            return redirect("inspections:sample", pk=sample.pk)
    return render(request, "inspections/sample_form.html", {"form": form})


def _pick_for(plan, enterprise):
    """The pick of a published draw of the plan that drew this enterprise, if any."""
    return (
        DrawPick.objects.filter(
            draw__plan=plan, draw__published_at__isnull=False, enterprise=enterprise
        )
        .order_by("-draw__published_at")
        .first()
    )


@login_required
@permission_required("inspections.change_sample", raise_exception=True)
def sample_edit(request, pk):
    sample = _get(Sample.objects.visible_to(request.user), pk)
    initial = {k: getattr(sample, k) for k in forms.SampleForm.base_fields if hasattr(sample, k)}
    initial["items"] = forms.items_text(sample)
    form = forms.SampleForm(
        request.POST or None,
        user=request.user,
        plans=SamplingPlan.objects.none(),
        editing=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.sample_update(
                actor=request.user,
                sample=sample,
                data=form.sample_data(),
                test_items=form.cleaned_data["items"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The sample was saved."))
            return redirect("inspections:sample", pk=sample.pk)
    return render(request, "inspections/sample_form.html", {"form": form, "sample": sample})


@login_required
@require_POST
@permission_required("inspections.publish_sample", raise_exception=True)
def sample_publish(request, pk):
    sample = _get(Sample.objects.visible_to(request.user), pk)
    try:
        services.sample_publish(actor=request.user, sample=sample)
        messages.success(request, _("The result was published."))
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    return redirect("inspections:sample", pk=sample.pk)


@login_required
@require_POST
@permission_required("inspections.add_followup", raise_exception=True)
def followup_open(request, pk):
    sample = _get(Sample.objects.visible_to(request.user), pk)
    form = forms.FollowUpOpenForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("inspections:sample", pk=sample.pk)
    try:
        fu = services.followup_open(actor=request.user, sample=sample, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
        return redirect("inspections:sample", pk=sample.pk)
    messages.success(request, _("The follow-up was started."))
    return redirect("inspections:followup", pk=fu.pk)


# -- follow-up ------------------------------------------------------------------------------------


@login_required
@permission_required("inspections.view_followup", raise_exception=True)
def followup_board(request):
    follow_ups = FollowUp.objects.visible_to(request.user)
    by_state = dict(follow_ups.values("state").annotate(n=Count("id")).values_list("state", "n"))
    states = [(value, label, by_state.get(value, 0)) for value, label in FollowUpState.choices]
    state = request.GET.get("state", "")
    listed = follow_ups.select_related("sample", "sample__enterprise", "sample__product")
    if state in FollowUpState.values:
        listed = listed.filter(state=state)
    else:
        state = ""
        listed = listed.filter(state__in=OPEN_STATES)
    ordered = listed.order_by(F("due_on").asc(nulls_last=True), "id")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
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
            "query": _query(request),
            "today": timezone.localdate(),
        },
    )


@login_required
@permission_required("inspections.view_followup", raise_exception=True)
def followup_detail(request, pk):
    fu = _get(
        FollowUp.objects.visible_to(request.user).select_related(
            "sample", "sample__enterprise", "sample__product"
        ),
        pk,
    )
    actions = services.allowed_actions(fu)
    can_change = request.user.has_perm("inspections.change_followup") and actions
    form = (
        forms.FollowUpStepForm(request.POST or None, request.FILES or None, actions=actions)
        if can_change
        else None
    )
    if request.method == "POST":
        _need(request, "inspections.change_followup")
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
                _form_errors(form, exc)
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
            "deadlines": [(label, d) for label, d in deadlines if d],
            "today": timezone.localdate(),
            "is_open": fu.state in OPEN_STATES,
        },
    )


@login_required
@permission_required("inspections.view_followup", raise_exception=True)
def step_evidence(request, pk):
    step = _get(FollowUpStep.objects.visible_to(request.user), pk)
    if not step.evidence:
        raise Http404
    return FileResponse(step.evidence.open("rb"), as_attachment=True)


# -- inspectors -----------------------------------------------------------------------------------


@login_required
@permission_required("inspections.view_inspector", raise_exception=True)
def inspector_list(request):
    inspectors = (
        Inspector.objects.visible_to(request.user)
        .select_related("organization")
        .annotate(n_conflicts=Count("conflicts"))
        .order_by("organization_id", "name", "id")
    )
    q = request.GET.get("q", "").strip()
    if q:
        inspectors = inspectors.filter(Q(name__contains=q) | Q(organization__name__contains=q))
    page = Paginator(inspectors, PAGE_SIZE).get_page(request.GET.get("page"))
    masked = not may_see_personal_data(request.user)
    for i in page:
        i.shown_phone = mask(i.phone) if masked else i.phone
    return render(
        request,
        "inspections/inspector_list.html",
        {
            "page": page,
            "q": q,
            "query": _query(request),
            "can_add": request.user.has_perm("inspections.add_inspector"),
        },
    )


@login_required
@permission_required("inspections.view_inspector", raise_exception=True)
def inspector_detail(request, pk):
    inspector = _get(Inspector.objects.visible_to(request.user).select_related("organization"), pk)
    can_change = request.user.has_perm("inspections.change_inspector")
    form = forms.ConflictForm(request.POST or None, user=request.user) if can_change else None
    if request.method == "POST":
        _need(request, "inspections.change_inspector")
        if form.is_valid():
            try:
                services.conflict_create(
                    actor=request.user,
                    inspector=inspector,
                    reason=form.cleaned_data["reason"],
                    enterprise=form.cleaned_data["enterprise"],
                    organization=form.cleaned_data.get("organization"),
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The conflict of interest was recorded."))
                return redirect("inspections:inspector", pk=inspector.pk)
    masked = not may_see_personal_data(request.user)
    recent = (
        # Only draws the user may open: a city draw is not a district user's to see.
        DrawInspector.objects.filter(inspector=inspector, pick__draw__in=_draws(request.user))
        .select_related("pick__enterprise", "pick__draw__plan")
        .order_by("-pick__draw__created_at")[:20]
    )
    return render(
        request,
        "inspections/inspector_detail.html",
        {
            "inspector": inspector,
            "phone": mask(inspector.phone) if masked else inspector.phone,
            "conflicts": inspector.conflicts.select_related("enterprise", "organization"),
            "recent": recent,
            "form": form,
            "can_change": can_change,
        },
    )


def _inspector_form(request, inspector):
    initial = (
        {f: getattr(inspector, f) for f in forms.InspectorForm.base_fields}
        if inspector
        else {"organization": request.user.organization, "active": True}
    )
    form = forms.InspectorForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if inspector:
                inspector = services.inspector_update(
                    actor=request.user, inspector=inspector, data=form.cleaned_data
                )
            else:
                inspector = services.inspector_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The inspector was saved."))
            return redirect("inspections:inspector", pk=inspector.pk)
    return render(
        request, "inspections/inspector_form.html", {"form": form, "inspector": inspector}
    )


@login_required
@permission_required("inspections.add_inspector", raise_exception=True)
def inspector_new(request):
    return _inspector_form(request, None)


@login_required
@permission_required("inspections.change_inspector", raise_exception=True)
def inspector_edit(request, pk):
    return _inspector_form(request, _get(Inspector.objects.visible_to(request.user), pk))


# -- statistics -----------------------------------------------------------------------------------


@login_required
@permission_required("inspections.view_sample", raise_exception=True)
def statistics(request):
    samples = Sample.objects.visible_to(request.user)
    year = request.GET.get("year", "")
    level = request.GET.get("level", "")
    if year.isdigit():
        samples = samples.filter(sampled_on__year=int(year))
    if level in PlanLevel.values:
        samples = samples.filter(plan__level=level)
    scope = request.user.jurisdiction
    chart = stats.funnel(samples, scope.code)
    years = Sample.objects.visible_to(request.user).dates("sampled_on", "year", order="DESC")
    return render(
        request,
        "inspections/statistics.html",
        {
            "chart": chart,
            "lift": stats.lift(samples),
            "year": year,
            "level": level,
            "years": [d.year for d in years],
            "levels": PlanLevel.choices,
            "scope": scope,
        },
    )


# -- public results -------------------------------------------------------------------------------


def public_results(request):
    """Published results for everyone, no login: the product, the producer (an enterprise, not
    a person), brand, model, batch, verdict and failed items. Nothing unpublished."""
    results = (
        Sample.objects.filter(published_at__isnull=False)
        .select_related("enterprise", "product", "plan__authority")
        .prefetch_related(_failed_items())
        .order_by("-published_at", "-id")
    )
    product = request.GET.get("product", "").strip()
    verdict = request.GET.get("verdict", "")
    if product:
        results = results.filter(Q(product__name__contains=product) | Q(product__code=product))
    if verdict in (Verdict.PASS, Verdict.FAIL):
        results = results.filter(verdict=verdict)
    else:
        verdict = ""
    page = Paginator(results, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/public_results.html",
        {"page": page, "product": product, "verdict": verdict, "query": _query(request)},
    )
