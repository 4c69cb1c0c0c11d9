"""The pages' forms: shape and conversion only; the rules are the services'."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.core.api.fields import ScopedModelChoiceField
from zhiliang.core.forms import (
    RegionCodeForm,
    StyledForm,
    catalogue_product,
    enterprise_in_jurisdiction,
    region_in_jurisdiction,
)
from zhiliang.core.models import Organization
from zhiliang.inspections.forms import DATE
from zhiliang.monitoring.choices import Channel
from zhiliang.monitoring.models import Plan
from zhiliang.risk import rules as risk_rules


class PlanForm(RegionCodeForm):
    name = forms.CharField(label=_("name"), max_length=200)
    year = forms.IntegerField(label=_("year"), initial=lambda: timezone.localdate().year)
    region_code = forms.CharField(label=_("region code"), max_length=12)
    description = forms.CharField(
        label=_("purpose and scope"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ItemForm(StyledForm):
    product_code = forms.CharField(label=_("product code"), max_length=16)
    hazard = forms.ChoiceField(label=_("hazard"), choices=risk_rules.hazard_choices)
    name = forms.CharField(label=_("test item"), max_length=120)
    unit = forms.CharField(label=_("unit"), max_length=24, required=False)
    limit_min = forms.DecimalField(label=_("lower limit"), required=False, max_digits=14)
    limit_max = forms.DecimalField(label=_("upper limit"), required=False, max_digits=14)
    standard = forms.CharField(label=_("standard"), max_length=200)

    def clean_product_code(self):
        return catalogue_product(self.cleaned_data.get("product_code"))

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["product"] = data.pop("product_code")
        return data


class PurchaseForm(StyledForm):
    plan = ScopedModelChoiceField(Plan, label=_("plan"))
    number = forms.CharField(label=_("sample number"), max_length=40)
    product_code = forms.CharField(label=_("product code"), max_length=16)
    region_code = forms.CharField(label=_("region bought in (code)"), max_length=12)
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices)
    shop = forms.CharField(label=_("shop or online store"), max_length=200)
    platform = forms.CharField(label=_("platform"), max_length=100, required=False)
    place = forms.CharField(label=_("address or link"), max_length=300, required=False)
    bought_on = forms.DateField(label=_("bought on"), widget=DATE)
    price = forms.DecimalField(label=_("price (yuan)"), max_digits=12, decimal_places=2)
    sample_name = forms.CharField(label=_("sample name"), max_length=200)
    brand = forms.CharField(label=_("brand"), max_length=100, required=False)
    producer_uscc = forms.CharField(
        label=_("producer USCC"),
        max_length=40,
        required=False,
        help_text=_("Where the label names a producer of your jurisdiction."),
    )

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["plan"].scope_to(actor)

    def clean_product_code(self):
        return catalogue_product(self.cleaned_data.get("product_code"))

    def clean_region_code(self):
        return region_in_jurisdiction(self.actor, self.cleaned_data.get("region_code"))

    def clean_producer_uscc(self):
        return enterprise_in_jurisdiction(self.actor, self.cleaned_data.get("producer_uscc"))

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["product"] = data.pop("product_code")
        data["region"] = data.pop("region_code")
        data["enterprise"] = data.pop("producer_uscc")
        return data


class ResultForm(StyledForm):
    item = forms.ModelChoiceField(label=_("test item"), queryset=None)
    value = forms.DecimalField(
        label=_("measured value"),
        max_digits=14,
        error_messages={"invalid": _("Write the measured value as a number.")},
    )
    tested_on = forms.DateField(label=_("tested on"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, purchase=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = purchase.plan.items.filter(
            product_id=purchase.product_id
        ).exclude(results__purchase=purchase)


class OpenCaseForm(StyledForm):
    number = forms.CharField(label=_("case number"), max_length=64)
    office = ScopedModelChoiceField(Organization, above=False, label=_("handling office"))
    due_on = forms.DateField(label=_("supervision deadline"), widget=DATE)
    description = forms.CharField(
        label=_("particulars"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["office"].scope_to(actor)
        field.queryset = field.queryset.filter(regulates_market=True, is_active=True)
