from django.utils import timezone
from django.utils.translation import gettext_lazy

from zhiliang.core.views import ScopedDetailView, ScopedListView, ServiceFormView
from zhiliang.penalties import rules, selectors, services
from zhiliang.penalties.choices import PenaltyStatus
from zhiliang.penalties.exports import listings_xlsx, penalties_xlsx
from zhiliang.penalties.forms import OverturnForm, RemoveForm, RepairApplyForm


class _List(ScopedListView):
    counts = None  # (queryset=) → figures for the header

    def get_extra_context(self, *, filterset, **kwargs):
        return {
            "counts": type(self).counts(queryset=filterset.qs) if filterset.is_valid() else {},
            "today": timezone.localdate(),
        }


class PenaltyList(_List):
    permission_required = "penalties.view_penalty"
    import_permission = "penalties.add_penalty"
    selector = selectors.penalty_list
    counts = selectors.penalty_counts
    template_name = "penalties/penalty_list.html"
    export_writer = penalties_xlsx
    export_name = "penalties"


class ListingList(_List):
    permission_required = "penalties.view_abnormallisting"
    import_permission = "penalties.add_abnormallisting"
    selector = selectors.listing_list
    counts = selectors.listing_counts
    template_name = "penalties/listing_list.html"
    export_writer = listings_xlsx
    export_name = "abnormal-listings"


class PenaltyDetail(ScopedDetailView):
    permission_required = "penalties.view_penalty"
    getter = selectors.penalty_get
    template_name = "penalties/penalty_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        may_change = self.request.user.has_perm("penalties.change_penalty")
        today = timezone.localdate()
        return {
            "today": today,
            "is_public": object.status == PenaltyStatus.IN_FORCE
            and object.public_from <= today < object.public_until,
            "short_window": rules.is_short(object.kind, object.fine_amount),
            "publication": rules.publication(),
            "overturn_form": OverturnForm()
            if may_change and object.status == PenaltyStatus.IN_FORCE
            else None,
            "repairs": list(object.repairs.all()),
            "repair_form": RepairApplyForm(auto_id="repair_%s")
            if self.request.user.has_perm("penalties.add_penaltyrepair")
            and object.status == PenaltyStatus.IN_FORCE
            and not object.repaired_on
            else None,
        }


class ListingDetail(ScopedDetailView):
    permission_required = "penalties.view_abnormallisting"
    getter = selectors.listing_get
    template_name = "penalties/listing_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        may_change = self.request.user.has_perm("penalties.change_abnormallisting")
        return {
            "today": timezone.localdate(),
            "remove_form": RemoveForm() if may_change and object.is_open else None,
        }


class PenaltyOverturn(ServiceFormView):
    permission_required = "penalties.change_penalty"
    getter = selectors.penalty_get
    form_class = OverturnForm
    detail_view = PenaltyDetail
    form_name = "overturn_form"
    success_url = "penalties:penalty"
    success_message = gettext_lazy("The decision's status was changed; it left the public pages.")
    service = services.penalty_overturn
    service_arg = "penalty"


class ListingRemove(ServiceFormView):
    permission_required = "penalties.change_abnormallisting"
    getter = selectors.listing_get
    form_class = RemoveForm
    detail_view = ListingDetail
    form_name = "remove_form"
    success_url = "penalties:listing"
    success_message = gettext_lazy("The enterprise was removed from the list.")
    service = services.listing_remove
    service_arg = "listing"
