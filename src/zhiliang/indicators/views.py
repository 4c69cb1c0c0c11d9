from django.contrib import messages
from django.contrib.auth.context_processors import PermWrapper
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from zhiliang.core import freshness
from zhiliang.core.views import PageView, ScopedListView, ServiceActionView
from zhiliang.core.views_helpers import or_404, stored_file
from zhiliang.indicators import selectors, services
from zhiliang.indicators.choices import IndicatorKind, RunStatus
from zhiliang.indicators.exports import explorer_xlsx
from zhiliang.indicators.filtersets import IndicatorFilterSet
from zhiliang.indicators.forms import ReportedValueForm
from zhiliang.indicators.periods import PeriodError

VIEW = "indicators.view_indicatorvalue"


class Catalogue(PageView):
    permission_required = "indicators.view_indicator"
    template_name = "indicators/catalogue.html"

    def get_extra_context(self, **kwargs):
        filterset = IndicatorFilterSet(
            self.request.GET, queryset=selectors.indicators_for_catalogue()
        )
        return {"filterset": filterset, "indicators": filterset.qs, "kinds": IndicatorKind.choices}


class Explorer(PageView):
    permission_required = VIEW
    template_name = "indicators/explorer.html"

    def get_extra_context(self, *, code, **kwargs):
        key = freshness.reader_key(self.request.user, code, sorted(self.request.GET.lists()))
        # 20 users at once re-rendered the same figures (issue #19): the page's part below
        # the navigation is kept until a table it reads is written (a recompute, a reported
        # value), on the tables it was seen to read (core.freshness).
        part = freshness.cached_learning("indicator explorer", key, lambda: self._part(code))
        return {"part": part}

    def _part(self, code) -> dict:
        user = self.request.user
        data = selectors.explorer_for(user=user, code=code, params=self.request.GET)
        fallback = selectors.reported_fallback(user=user, data=data)
        for child in data.children:  # the children's reported figures, on their rows
            child.reported = (fallback or {}).get("children", {}).get(child.region_id)
        context = {
            "data": data,
            "fallback": fallback,
            "indicator": data.indicator,
            "chart": selectors.explorer_chart(data),
            "can_drill": data.region.level < 4,
            "indicators": selectors.indicator_choices(),
            "perms": PermWrapper(user),
        }
        body = render_to_string("indicators/_explorer.html", context)
        return {"title": data.indicator.name, "body": body, "chart": bool(data.period)}


@login_required
@permission_required(VIEW, raise_exception=True)
def explorer_export(request, code):
    # A file download of what the page shows (not a registry list): no base fits.
    data = selectors.explorer_for(user=request.user, code=code, params=request.GET)
    tmp = explorer_xlsx(data=data)
    name = f"{data.indicator.code}-{data.region.code}-{(data.period or '').replace('/', '-')}.xlsx"
    return FileResponse(open(tmp.name, "rb"), as_attachment=True, filename=name)


class Runs(PageView):
    permission_required = VIEW

    def get_template_names(self):
        # HTMX polls the table alone while a recompute runs.
        if self.request.headers.get("HX-Request"):
            return "indicators/_runs_table.html"
        return "indicators/runs.html"

    def get_extra_context(self, **kwargs):
        recent = list(selectors.runs_recent())
        return {
            "runs": recent,
            "busy": any(r.status in (RunStatus.QUEUED, RunStatus.RUNNING) for r in recent),
            "can_compute": self.request.user.has_perm(services.COMPUTE_PERMISSION),
        }


class RunStart(ServiceActionView):
    """Queue a recompute of the periods asked (all when none); back to the runs page."""

    permission_required = services.COMPUTE_PERMISSION
    refusals = (PeriodError, services.TooManyRuns)

    def get_object(self):
        return None  # the recompute is of the whole catalogue, not of one record

    def perform(self, obj, data):
        text = self.request.POST.get("periods", "").replace(",", " ")
        periods = [p for p in text.split() if p]
        return services.compute_run_request(actor=self.request.user, periods=periods or None)

    def refusal_text(self, obj, exc):
        return getattr(exc, "message", None) or str(exc)

    def announce(self, obj, run):
        if run.coalesced:
            messages.info(self.request, _("The same recompute is already queued; it shows below."))
        else:
            messages.success(self.request, _("The recompute is queued; its progress shows below."))

    def next_page(self, obj, result):
        return redirect("indicators:runs")

    def refused_page(self, obj):
        return redirect("indicators:runs")


class ReportedList(ScopedListView):
    permission_required = "indicators.view_reportedvalue"
    selector = selectors.reported_value_list
    template_name = "indicators/reported_list.html"

    def get_extra_context(self, **kwargs):
        return {"can_report": self.request.user.has_perm(services.REPORT_PERMISSION)}


@login_required
@permission_required(services.REPORT_PERMISSION, raise_exception=True)
def reported_new(request):
    # Not ServiceCreateView: the form takes files and the user, the saved value has no page
    # of its own (back to the list), and the message names what was reported.
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
    # A file download: no page base fits.
    report = or_404(selectors.reported_value_get, user=request.user, pk=pk)
    return stored_file(report.attachment)
