from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.core.forms import RegionCodeForm, StyledForm
from zhiliang.inspections.forms import DATE
from zhiliang.metrology import rules


class CampaignForm(RegionCodeForm):
    """A new campaign: its subject (and so its rule), region and period."""

    code = forms.CharField(label=_("campaign code"), max_length=32)
    name = forms.CharField(label=_("name"), max_length=200)
    subject = forms.ChoiceField(label=_("subject"), choices=rules.subject_choices)
    region_code = forms.CharField(label=_("region code"), max_length=12)
    starts_on = forms.DateField(label=_("starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("ends on"), widget=DATE)


class MeterConfigForm(StyledForm):
    """A unit's instruments of one energy at one level (added, or corrected when there)."""

    level = forms.ChoiceField(label=_("level"), choices=rules.level_choices)
    kind = forms.ChoiceField(label=_("energy"), choices=rules.kind_choices)
    required = forms.IntegerField(label=_("instruments required"), min_value=1)
    installed = forms.IntegerField(label=_("instruments installed"), min_value=0)
    recorded_on = forms.DateField(label=_("recorded on"), widget=DATE, initial=timezone.localdate)
