"""The recall pages' forms: shape and conversion only (the rules are the services')."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhiliang.cases import recall_rules
from zhiliang.cases.forms import DATE, DateTimeInput, _Subject, _text
from zhiliang.core.forms import StyledForm
from zhiliang.enterprises.models import Product


class RecallForm(_Subject):
    title = forms.CharField(label=_("title"), max_length=200)
    number = forms.CharField(
        label=_("case number"),
        max_length=64,
        required=False,
        help_text=_("Left empty, one is given."),
    )
    enterprise_uscc = forms.CharField(label=_("enterprise USCC"), max_length=40)
    product = forms.ModelChoiceField(
        label=_("product"), queryset=Product.objects.filter(parent__isnull=False)
    )
    origin = forms.ChoiceField(label=_("origin of the recall"))
    opened_at = forms.DateTimeField(label=_("recall decided at"), widget=DateTimeInput)
    defect = _text(_("defect"))
    hazard = forms.ChoiceField(label=_("hazard"))
    batches = _text(_("batches affected"), required=False)
    units_affected = forms.IntegerField(label=_("units affected"), min_value=1)
    method = forms.ChoiceField(label=_("notification method"))
    country = forms.CharField(label=_("country of a recall abroad"), max_length=64, required=False)

    def __init__(self, *args, actor=None, **kwargs):
        from zhiliang.risk.rules import hazard_choices

        super().__init__(*args, actor=actor, **kwargs)
        self.fields["origin"].choices = recall_rules.origin_choices()
        self.fields["method"].choices = recall_rules.method_choices()
        self.fields["hazard"].choices = hazard_choices()

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["enterprise"] = data.pop("enterprise_uscc")
        return data


class ReportForm(StyledForm):
    reported_on = forms.DateField(label=_("reported on"), widget=DATE)
    units_corrected = forms.IntegerField(label=_("units corrected so far"), min_value=0)
    note = forms.CharField(label=_("note"), max_length=2000, required=False)
