from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhiliang.assessments import exports, selectors, services
from zhiliang.assessments.forms import DecideForm, RunForm
from zhiliang.assessments.models import (
    AssessmentResult,
    AssessmentScheme,
    ItemEvidence,
    ItemScore,
)
from zhiliang.indicators.models import Indicator
from zhiliang.plans.models import Plan, Target


def _error(exc) -> str:
    return " ".join(getattr(exc, "messages", [])) or str(exc) or _("You may not do this.")


@login_required
@permission_required("assessments.view_assessmentscheme", raise_exception=True)
def scheme_list(request):
    return render(
        request,
        "assessments/scheme_list.html",
        {
            "schemes": selectors.scheme_list(user=request.user),
            "results": selectors.results_visible(user=request.user)
            .select_related("scheme", "region")
            .order_by("-run_at", "-id")[:20],
        },
    )


def _scheme_page(request, pk, form=None, status=200):
    try:
        context = selectors.scheme_detail(user=request.user, pk=pk)
    except AssessmentScheme.DoesNotExist:
        raise Http404 from None
    if request.user.has_perm("assessments.add_assessmentresult"):
        context["form"] = form or RunForm(user=request.user, scheme=context["scheme"])
    return render(request, "assessments/scheme_detail.html", context, status=status)


@login_required
@permission_required("assessments.view_assessmentscheme", raise_exception=True)
def scheme_detail(request, pk: int):
    return _scheme_page(request, pk)


@login_required
@require_POST
@permission_required("assessments.add_assessmentresult", raise_exception=True)
def scheme_run(request, pk: int):
    scheme = selectors.schemes_visible(user=request.user).filter(pk=pk).first()
    if scheme is None:
        raise Http404
    form = RunForm(request.POST, user=request.user, scheme=scheme)
    if form.is_valid():
        try:
            result = services.result_run(actor=request.user, scheme=scheme, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error(exc))
        else:
            messages.success(
                request, _("Version %(v)d was run as a draft.") % {"v": result.version}
            )
            return redirect("assessments:result", pk=result.pk)
    return _scheme_page(request, pk, form=form, status=400)


@login_required
@permission_required("assessments.view_assessmentresult", raise_exception=True)
def result_detail(request, pk: int):
    try:
        context = selectors.result_detail(user=request.user, pk=pk)
    except AssessmentResult.DoesNotExist:
        raise Http404 from None
    result = context["result"]
    context["can_decide"] = not result.is_frozen and request.user.has_perm(
        "assessments.add_assessmentresult"
    )
    context["can_publish"] = not result.is_frozen and request.user.has_perm(
        "assessments.publish_assessmentresult"
    )
    return render(request, "assessments/result_detail.html", context)


@login_required
@require_POST
@permission_required("assessments.publish_assessmentresult", raise_exception=True)
def result_publish(request, pk: int):
    result = (
        selectors.results_visible(user=request.user)
        .filter(pk=pk, id__in=AssessmentResult.objects.managed_by(request.user).values("id"))
        .first()
    )
    if result is None:
        raise Http404
    try:
        services.result_publish(actor=request.user, result=result)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error(exc))
    else:
        messages.success(request, _("The result is published and frozen."))
    return redirect("assessments:result", pk=pk)


@login_required
@require_POST
@permission_required("assessments.add_assessmentresult", raise_exception=True)
def score_decide(request, pk: int):
    score = (
        # Only results run within the jurisdiction are changed (a district also sees the
        # city's published ranking, read-only).
        ItemScore.objects.managed_by(request.user)
        .select_related("entry")
        .filter(pk=pk, entry__result__in=selectors.results_visible(user=request.user))
        .first()
    )
    if score is None:
        raise Http404
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose yes or no."))
    else:
        try:
            services.itemscore_decide(
                actor=request.user,
                score=score,
                files=request.FILES.getlist("files"),
                **form.cleaned_data,
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, f"{score.entry.name} · {score.name}: {_error(exc)}")
        else:
            messages.success(request, f"{score.entry.name} · {score.name}: " + _("saved."))
    return redirect(f"{_result_url(score)}#entry-{score.entry_id}")


def _result_url(score) -> str:
    return reverse("assessments:result", args=[score.entry.result_id])


@login_required
@permission_required("assessments.view_assessmentresult", raise_exception=True)
def evidence_file(request, pk: int, evidence_pk: int):
    evidence = (
        ItemEvidence.objects.filter(
            pk=evidence_pk,
            score_id=pk,
            score__in=ItemScore.objects.visible_to(request.user),
            score__entry__result__in=selectors.results_visible(user=request.user),
        )
        .select_related("score")
        .first()
    )
    if evidence is None:
        raise Http404
    return FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name
    )


@login_required
@permission_required("assessments.view_assessmentresult", raise_exception=True)
def result_export(request, pk: int, fmt: str):
    make = {"docx": exports.result_docx, "xlsx": exports.result_xlsx}.get(fmt)
    if make is None:
        raise Http404
    try:
        context = selectors.result_detail(user=request.user, pk=pk)
    except AssessmentResult.DoesNotExist:
        raise Http404 from None
    content = make(context)
    result = context["result"]
    period = result.period.replace("/", "-")
    name = f"{result.scheme.name[:40]}-{result.region.name}-{period}-v{result.version}.{fmt}"
    return FileResponse(content, as_attachment=True, filename=name)


# -- target board -------------------------------------------------------------------------


@login_required
@permission_required("assessments.view_targetlink", raise_exception=True)
def target_board(request, plan_pk: int):
    region = None
    code = request.GET.get("region")
    if code:
        region = selectors.board_region(user=request.user, code=code)
        if region is None:
            raise Http404
    on = parse_date(request.GET.get("on") or "")
    try:
        board = selectors.target_board(user=request.user, plan_pk=plan_pk, region=region, on=on)
    except Plan.DoesNotExist:
        raise Http404 from None
    board["can_link"] = request.user.has_perm("assessments.add_targetlink")
    board["can_change"] = request.user.has_perm("assessments.change_targetlink")
    return render(request, "assessments/target_board.html", board)


@login_required
@require_POST
def target_link(request, pk: int):
    if not (
        request.user.has_perm("assessments.add_targetlink")
        or request.user.has_perm("assessments.change_targetlink")
    ):
        raise PermissionDenied
    target = Target.objects.visible_to(request.user).filter(pk=pk).first()
    if target is None:
        raise Http404
    indicator = Indicator.objects.filter(
        code=request.POST.get("indicator", ""), active=True
    ).first()
    if indicator is None:
        messages.error(request, _("Choose an indicator of the catalogue."))
    else:
        try:
            services.targetlink_set(
                actor=request.user,
                target=target,
                indicator=indicator,
                suggested=request.POST.get("suggested") == "1",
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _error(exc))
        else:
            messages.success(
                request,
                _("“%(t)s” is measured by %(c)s.")
                % {"t": target.indicator_text, "c": indicator.code},
            )
    return redirect("assessments:targets", plan_pk=target.plan_id)
