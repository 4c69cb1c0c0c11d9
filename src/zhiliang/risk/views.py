from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from zhiliang.core.views import (
    RoleRequiredView,
    ScopedDetailView,
    ScopedListView,
    ServiceCreateView,
)
from zhiliang.risk import rules, selectors, services
from zhiliang.risk.exports import risk_information_xlsx
from zhiliang.risk.forms import RiskInformationForm
from zhiliang.risk.presenting import signal_words, unit_words

NEW_DAYS = selectors.NEW_DAYS


class RiskPage(RoleRequiredView):
    """The risk page: open signals per product category × region, the failure-rate trend,
    the open signals in words and the measured calibration."""

    permission_required = "risk.view_signal"

    def get(self, request):
        user = request.user
        today = timezone.localdate()
        params = rules.signals()
        signals = list(
            selectors.signal_list(user=user, filters={"status": "open"}).qs.order_by(
                "-opened_on", "-id"
            )[:30]
        )
        context = {
            "grid": selectors.signal_grid(user=user),
            "counts": selectors.signal_counts(user=user, since=today - timedelta(days=NEW_DAYS)),
            "signals": [(s, signal_words(s)) for s in signals],
            "trend": selectors.failure_trend(
                user=user, unit=params["period"]["unit"], periods=8, today=today
            ),
            "calibration": selectors.latest_calibration(),
            "params": params,
            "unit": unit_words(),
            "new_days": NEW_DAYS,
            **_warnings_context(user, today),
        }
        return render(request, "risk/risk_page.html", context)


def _warnings_context(user, today) -> dict:
    """Open warnings and cards in force with their deadlines (the early-warning app's)."""
    from zhiliang.earlywarning import selectors as warnings

    return {
        "open_cards": warnings.open_cards(user=user)
        if user.has_perm("earlywarning.view_card")
        else None,
        "open_warnings": warnings.open_warnings(user=user)
        if user.has_perm("earlywarning.view_riskwarning")
        else None,
        "today": today,
    }


class SignalList(ScopedListView):
    permission_required = "risk.view_signal"
    selector = selectors.signal_list
    template_name = "risk/signal_list.html"


class SignalDetail(ScopedDetailView):
    permission_required = "risk.view_signal"
    getter = selectors.signal_get
    template_name = "risk/signal_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        return {"words": signal_words(object)}


class RiskInformationList(ScopedListView):
    permission_required = "risk.view_riskinformation"
    add_permission = "risk.add_riskinformation"
    import_permission = "risk.add_riskinformation"
    selector = selectors.risk_information_list
    template_name = "risk/information_list.html"
    export_writer = risk_information_xlsx
    export_name = "risk-information"


class RiskInformationDetail(ScopedDetailView):
    permission_required = "risk.view_riskinformation"
    getter = selectors.risk_information_get
    template_name = "risk/information_detail.html"


class RiskInformationNew(ServiceCreateView):
    permission_required = "risk.add_riskinformation"
    template_name = "risk/information_form.html"
    form_class = RiskInformationForm
    success_message = gettext_lazy("The risk information was registered.")
    success_url = "risk:information-detail"
    error_fields = {
        "enterprise": "enterprise_uscc",
        "region": "region_code",
        "product": "product_code",
    }
    service = services.risk_information_create
