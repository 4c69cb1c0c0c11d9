"""The foreign-recall pages: the list, a new notice, a notice with its matches, and the
office's actions on a match (confirm or reject; from a confirmed one, open a recall case
or record risk information)."""

from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from zhiliang.cases import foreign_selectors as selectors
from zhiliang.cases import foreign_services as services
from zhiliang.cases.foreign_forms import DecideForm, ForeignRecallForm, OpenRecallForm
from zhiliang.cases.foreign_models import MatchStatus
from zhiliang.core.guards import may_import
from zhiliang.core.views import (
    ScopedDetailView,
    ScopedListView,
    ServiceActionView,
    ServiceCreateView,
)

VIEW, ADD = "cases.view_foreignrecall", "cases.add_foreignrecall"


class ForeignRecallList(ScopedListView):
    permission_required = VIEW
    selector = selectors.foreign_recall_list
    template_name = "cases/foreign_list.html"

    def get_extra_context(self, *, filterset, **kwargs):
        user = self.request.user
        return {
            "tab": "foreign",
            "may_add": user.has_perm(ADD),
            "may_import": may_import(user, ADD),
        }


class ForeignRecallNew(ServiceCreateView):
    permission_required = ADD
    form_class = ForeignRecallForm
    template_name = "cases/foreign_form.html"
    success_message = gettext_lazy("The notice was recorded; its matches are proposed below.")
    success_url = "cases:foreign"
    service = services.foreign_recall_create


class ForeignRecallDetail(ScopedDetailView):
    permission_required = VIEW
    getter = selectors.foreign_recall_get
    template_name = "cases/foreign_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        return {
            "matches": selectors.foreign_matches(user=user, recall=object),
            "may_decide": user.has_perm("cases.change_foreignmatch"),
            "may_open": user.has_perm("cases.add_case"),
            "may_risk": user.has_perm("risk.add_riskinformation"),
            "decide_form": DecideForm(),
            "open_form": OpenRecallForm(),
            "PROPOSED": MatchStatus.PROPOSED,
            "CONFIRMED": MatchStatus.CONFIRMED,
        }


class _MatchAction(ServiceActionView):
    """POST on one match → the service → back to its notice, with a message."""

    permission_required = VIEW
    getter = selectors.foreign_match_get

    def refused_page(self, obj):
        return redirect("cases:foreign", pk=obj.foreign_recall_id)

    def next_page(self, obj, result):
        return self.refused_page(obj)


class MatchDecide(_MatchAction):
    permission_required = "cases.change_foreignmatch"
    form_class = DecideForm
    success_message = gettext_lazy("The match was decided.")

    def perform(self, match, data):
        services.foreign_match_decide(
            actor=self.request.user, match=match, confirm=data["confirm"], note=data["note"]
        )


class MatchOpenRecall(_MatchAction):
    permission_required = "cases.add_case"
    form_class = OpenRecallForm
    success_message = gettext_lazy("A recall case was opened; its clocks are running.")

    def perform(self, match, data):
        services.foreign_match_open_recall(actor=self.request.user, match=match, data=data)


class MatchToRisk(_MatchAction):
    permission_required = "risk.add_riskinformation"
    success_message = gettext_lazy("The notice was recorded as risk information.")

    def perform(self, match, data):
        services.foreign_match_to_risk(actor=self.request.user, match=match)
