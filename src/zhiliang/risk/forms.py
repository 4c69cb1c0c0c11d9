from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.core.forms import StyledForm as Styled
from zhiliang.core.forms import (
    catalogue_product,
    enterprise_in_jurisdiction,
    region_in_jurisdiction,
)
from zhiliang.inspections.forms import DATE
from zhiliang.risk import rules
from zhiliang.risk.choices import SourceKind


def _sources():
    return [c for c in SourceKind.choices if c[0] != SourceKind.SAMPLING]


class RiskInformationForm(Styled):
    """An item of risk information as the clerk takes it down (a failed sample comes in by
    itself)."""

    source_kind = forms.ChoiceField(label=_("source"), choices=_sources)
    reference = forms.CharField(label=_("reference"), max_length=64, required=False)
    product_code = forms.CharField(label=_("product code"), max_length=16)
    hazard = forms.ChoiceField(label=_("hazard"), choices=rules.hazard_choices)
    region_code = forms.CharField(label=_("region code"), max_length=12, required=False)
    enterprise_uscc = forms.CharField(label=_("enterprise USCC"), max_length=40, required=False)
    occurred_on = forms.DateField(label=_("date"), initial=timezone.localdate, widget=DATE)
    text = forms.CharField(
        label=_("description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_product_code(self):
        return catalogue_product(self.cleaned_data.get("product_code"))

    def clean_enterprise_uscc(self):
        return enterprise_in_jurisdiction(self.actor, self.cleaned_data.get("enterprise_uscc"))

    def clean_region_code(self):
        code = self.cleaned_data.get("region_code")
        return region_in_jurisdiction(self.actor, code, optional=True)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["product"] = data.pop("product_code")
        data["enterprise"] = data.pop("enterprise_uscc")
        data["region"] = data.pop("region_code")
        if data["region"] is None:
            data.pop("region")
        return data
