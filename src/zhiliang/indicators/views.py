from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhiliang.indicators import selectors, services
from zhiliang.indicators.choices import IndicatorKind, RunStatus
from zhiliang.indicators.exports import explorer_xlsx
from zhiliang.indicators.filtersets import IndicatorFilterSet, ReportedValueFilterSet
from zhiliang.indicators.forms import ReportedValueForm
from zhiliang.indicators.models import Indicator, ReportedValue
from zhiliang.indicators.periods import PeriodError

VIEW = "indicators.view_indicatorvalue"


@login_required
@permission_required("indicators.view_indicator", raise_exception=True)
def catalogue(request):
    filterset = IndicatorFilterSet(request.GET, queryset=selectors.indicators_for_catalogue())
    return render(
        request,
        "indicators/catalogue.html",
        {"filterset": filterset, "indicators": filterset.qs, "kinds": IndicatorKind.choices},
    )


def _explorer(request, code):
    indicator = get_object_or_404(Indicator, code=code)
    return selectors.explorer(
        user=request.user,
        indicator=indicator,
        region_code=request.GET.get("region") or None,
        period=request.GET.get("period") or None,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def explorer(request, code):
    data = _explorer(request, code)
    chart = {
        "unit": data.indicator.unit,
        "ranking": [
            {
                "code": v.region.code,
                "name": v.region.name,
                "value": float(v.value) if v.value is not None else None,
            }
            for v in data.children
        ],
        "trend": [
            {"period": v.period, "value": float(v.value) if v.value is not None else None}
            for v in data.trend
        ],
    }
    return render(
        request,
        "indicators/explorer.html",
        {
            "data": data,
            "indicator": data.indicator,
            "chart": chart,
            "can_drill": data.region.level < 4,
            "indicators": Indicator.objects.filter(active=True).only("code", "name"),
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def explorer_export(request, code):
    data = _explorer(request, code)
    tmp = explorer_xlsx(data=data)
    name = f"{data.indicator.code}-{data.region.code}-{(data.period or '').replace('/', '-')}.xlsx"
    return FileResponse(open(tmp.name, "rb"), as_attachment=True, filename=name)


@login_required
@permission_required(VIEW, raise_exception=True)
def runs(request):
    recent = list(selectors.runs_recent())
    busy = any(r.status in (RunStatus.QUEUED, RunStatus.RUNNING) for r in recent)
    template = (
        "indicators/_runs_table.html"
        if request.headers.get("HX-Request")
        else "indicators/runs.html"
    )
    return render(
        request,
        template,
        {
            "runs": recent,
            "busy": busy,
            "can_compute": request.user.has_perm(services.COMPUTE_PERMISSION),
        },
    )


@login_required
@require_POST
def run_start(request):
    if not request.user.has_perm(services.COMPUTE_PERMISSION):
        raise PermissionDenied
    periods = [p for p in request.POST.get("periods", "").replace(",", " ").split() if p]
    try:
        run = services.compute_run_request(actor=request.user, periods=periods or None)
    except PeriodError as exc:
        messages.error(request, str(exc))
    except services.TooManyRuns as exc:
        messages.error(request, exc.message)
    else:
        if run.coalesced:
            messages.info(request, _("The same recompute is already queued; it shows below."))
        else:
            messages.success(request, _("The recompute is queued; its progress shows below."))
    return redirect("indicators:runs")


@login_required
@permission_required("indicators.view_reportedvalue", raise_exception=True)
def reported_list(request):
    queryset = ReportedValue.objects.visible_to(request.user).select_related(
        "indicator", "region", "reported_by", "organization"
    )
    filterset = ReportedValueFilterSet(request.GET, queryset=queryset)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/reported_list.html",
        {
            "filterset": filterset,
            "page": page,
            "can_report": request.user.has_perm(services.REPORT_PERMISSION),
        },
    )


@login_required
@permission_required(services.REPORT_PERMISSION, raise_exception=True)
def reported_new(request):
    if request.user.jurisdiction is None:
        raise Http404
    form = ReportedValueForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"indicator": request.GET.get("indicator")},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            report = services.reported_value_save(
                actor=request.user,
                indicator=d["indicator"],
                region=d["region"],
                period=d["period"],
                value=d["value"],
                evidence=d["evidence"],
                attachment=d.get("attachment"),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("%(i)s for %(r)s, %(p)s saved.")
                % {"i": d["indicator"].name, "r": d["region"].name, "p": report.period},
            )
            return redirect("indicators:reported")
    return render(request, "indicators/reported_form.html", {"form": form})


@login_required
@permission_required("indicators.view_reportedvalue", raise_exception=True)
def reported_attachment(request, pk: int):
    report = ReportedValue.objects.visible_to(request.user).filter(pk=pk).first()
    if report is None or not report.attachment:
        raise Http404
    return FileResponse(
        report.attachment.open("rb"),
        as_attachment=True,
        filename=report.attachment.name.rsplit("/", 1)[-1],
    )
