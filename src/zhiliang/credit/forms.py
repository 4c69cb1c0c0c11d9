from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.core.forms import StyledForm
from zhiliang.enterprises.choices import RiskClass


def _in_90_days():
    return timezone.localdate() + timedelta(days=90)


class OverrideForm(StyledForm):
    risk_class = forms.ChoiceField(label=_("credit risk class"), choices=RiskClass.choices)
    reason = forms.CharField(label=_("reason for the override"), max_length=255)
    until = forms.DateField(
        label=_("override until"),
        initial=_in_90_days,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class BacktestForm(StyledForm):
    cutoff = forms.DateField(
        label=_("cut-off"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
