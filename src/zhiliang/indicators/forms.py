from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhiliang.core.forms import Form
from zhiliang.core.models import Region
from zhiliang.indicators.choices import IndicatorKind
from zhiliang.indicators.models import Indicator


class ReportedValueForm(Form):
    """A department enters a figure of a reported indicator for a region it covers."""

    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.filter(kind=IndicatorKind.REPORTED, active=True),
    )
    region = forms.CharField(label=_("Region code"), max_length=12)
    period = forms.CharField(
        label=_("Period"), max_length=9, help_text=_("2025, 2025-Q1, 2025-03 or 2024/2025")
    )
    value = forms.DecimalField(
        label=pgettext_lazy("indicator figure", "Value"), max_digits=20, decimal_places=4
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the figure comes from: document number, survey report, list."),
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and user.jurisdiction is not None:
            self.fields["region"].initial = user.jurisdiction.code

    def clean_region(self):
        code = self.cleaned_data["region"].strip()
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(_("There is no region with code %(c)s.") % {"c": code})
        # Inside the jurisdiction, a period it knows: the service's rules, shown on the fields.
        return region
