"""The foreign-recall pages' forms: shape and conversion only (the rules are the services')."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhiliang.cases import foreign_rules, recall_rules
from zhiliang.cases.forms import DATE, DateTimeInput, _text
from zhiliang.core.forms import StyledForm
from zhiliang.enterprises.models import Product


def _products():
    return Product.objects.filter(parent__isnull=False).order_by("code")


class ForeignRecallForm(StyledForm):
    source = forms.ChoiceField(label=_("source of the notice"))
    reference = forms.CharField(label=_("reference number"), max_length=64)
    notified_on = forms.DateField(label=_("published on"), widget=DATE)
    product_description = _text(_("product description"))
    brand = forms.CharField(label=_("brand"), max_length=100, required=False)
    model = forms.CharField(label=_("model or type"), max_length=100, required=False)
    manufacturer = forms.CharField(label=_("manufacturer's name"), max_length=200)
    uscc = forms.CharField(
        label=_("manufacturer's USCC"),
        max_length=40,
        required=False,
        help_text=_("Where the notice or the office knows it: the match is then by USCC."),
    )
    country = forms.CharField(label=_("country of the recall"), max_length=64)
    hazard = forms.ChoiceField(label=_("hazard"))
    hs_code = forms.CharField(label=_("HS code"), max_length=10, required=False)
    product = forms.ModelChoiceField(
        label=_("product of the catalogue"), queryset=_products(), required=False
    )

    def __init__(self, *args, actor=None, **kwargs):
        from zhiliang.risk.rules import hazard_choices

        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["source"].choices = foreign_rules.source_choices()
        self.fields["hazard"].choices = hazard_choices()
        self.fields["product"].queryset = _products()

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class DecideForm(StyledForm):
    confirm = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("confirm")), ("0", _("reject"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("note"), max_length=255, required=False)


class OpenRecallForm(StyledForm):
    product = forms.ModelChoiceField(
        label=_("product of the catalogue"), queryset=_products(), required=False
    )
    opened_at = forms.DateTimeField(label=_("recall decided at"), widget=DateTimeInput)
    units_affected = forms.IntegerField(label=_("units affected"), min_value=1)
    method = forms.ChoiceField(label=_("notification method"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = recall_rules.method_choices()
        self.fields["product"].queryset = _products()
