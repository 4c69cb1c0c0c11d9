from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiliang.core.forms import StyledForm as Styled
from zhiliang.core.guards import in_jurisdiction
from zhiliang.core.models import Region
from zhiliang.enterprises.models import Enterprise, Product
from zhiliang.enterprises.uscc import normalize
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
        code = (self.cleaned_data.get("product_code") or "").strip()
        product = Product.objects.filter(code=code, parent__isnull=False).first()
        if product is None:
            raise forms.ValidationError(
                gettext("%(c)s is not a product code of the catalogue.") % {"c": code}
            )
        return product

    def clean_enterprise_uscc(self):
        code = normalize(self.cleaned_data.get("enterprise_uscc") or "")
        if not code:
            return None
        enterprise = Enterprise.objects.visible_to(self.actor).filter(uscc=code).first()
        if enterprise is None:
            raise forms.ValidationError(
                gettext("No enterprise with USCC %(c)s in your jurisdiction.") % {"c": code}
            )
        return enterprise

    def clean_region_code(self):
        code = (self.cleaned_data.get("region_code") or "").strip()
        if not code:
            return None
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(
                gettext("There is no region with code %(c)s.") % {"c": code}
            )
        if not in_jurisdiction(self.actor, region):
            raise forms.ValidationError(gettext("This region lies outside your jurisdiction."))
        return region

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["product"] = data.pop("product_code")
        data["enterprise"] = data.pop("enterprise_uscc")
        data["region"] = data.pop("region_code")
        if data["region"] is None:
            data.pop("region")
        return data
