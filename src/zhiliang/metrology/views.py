from django.utils.translation import gettext_lazy

from zhiliang.core.views import (
    ScopedDetailView,
    ScopedListView,
    ServiceCreateView,
    ServiceFormView,
)
from zhiliang.metrology import rules, selectors, services
from zhiliang.metrology.exports import campaigns_xlsx, checks_xlsx, energy_units_xlsx
from zhiliang.metrology.forms import CampaignForm, MeterConfigForm


class CampaignList(ScopedListView):
    permission_required = "metrology.view_campaign"
    add_permission = "metrology.add_campaign"
    import_permission = "metrology.add_check"
    selector = selectors.campaign_list
    template_name = "metrology/campaign_list.html"
    export_writer = campaigns_xlsx
    export_name = "metrology-campaigns"


class CampaignDetail(ScopedDetailView):
    permission_required = "metrology.view_campaign"
    import_permission = "metrology.add_check"
    getter = selectors.campaign_get
    template_name = "metrology/campaign_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        return {
            "counts": selectors.campaign_counts(user=user, campaign=object),
            "by_region": selectors.pass_rates(user=user, campaign=object),
            "rule": rules.subject_rule(object.subject),
            "data": rules.rules(),
        }


class CampaignNew(ServiceCreateView):
    permission_required = "metrology.add_campaign"
    template_name = "metrology/campaign_form.html"
    form_class = CampaignForm
    success_message = gettext_lazy("The campaign was registered.")
    success_url = "metrology:campaign"
    service = services.campaign_create


class CheckList(ScopedListView):
    permission_required = "metrology.view_check"
    import_permission = "metrology.add_check"
    selector = selectors.check_list
    template_name = "metrology/check_list.html"
    export_writer = checks_xlsx
    export_name = "metrology-checks"


class CheckDetail(ScopedDetailView):
    permission_required = "metrology.view_check"
    getter = selectors.check_get
    template_name = "metrology/check_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        return {"rule": rules.subject_rule(object.campaign.subject), "data": rules.rules()}


class EnergyUnitList(ScopedListView):
    permission_required = "metrology.view_energyunit"
    selector = selectors.energy_unit_list
    template_name = "metrology/energy_unit_list.html"
    export_writer = energy_units_xlsx
    export_name = "energy-units"

    def get_extra_context(self, **kwargs):
        return {
            "overall": selectors.energy_rate(user=self.request.user),
            "target": rules.rules()["energy"]["target_rate"],
        }


class EnergyUnitDetail(ScopedDetailView):
    permission_required = "metrology.view_energyunit"
    getter = selectors.energy_unit_get
    template_name = "metrology/energy_unit_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        may = self.request.user.has_perm("metrology.add_meterconfig")
        return {
            "meters": selectors.meters_of(unit=object),
            "energy": rules.rules()["energy"],
            "meter_form": MeterConfigForm() if may else None,
        }


class MeterConfigSave(ServiceFormView):
    permission_required = "metrology.add_meterconfig"
    getter = selectors.energy_unit_get
    form_class = MeterConfigForm
    detail_view = EnergyUnitDetail
    form_name = "meter_form"
    success_url = "metrology:energy_unit"
    success_message = gettext_lazy("The instruments were recorded.")
    service = services.meter_config_save
    service_arg = "unit"
    service_data = True
