from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiliang.core.forms import StyledForm
from zhiliang.core.guards import in_jurisdiction
from zhiliang.core.models import Region
from zhiliang.inspections.forms import DATE
from zhiliang.metrology import rules


class CampaignForm(StyledForm):
    """A new campaign: its subject (and so its rule), region and period."""

    code = forms.CharField(label=_("campaign code"), max_length=32)
    name = forms.CharField(label=_("name"), max_length=200)
    subject = forms.ChoiceField(label=_("subject"), choices=rules.subject_choices)
    region_code = forms.CharField(label=_("region code"), max_length=12)
    starts_on = forms.DateField(label=_("starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("ends on"), widget=DATE)

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        if actor is not None and actor.jurisdiction is not None and not self.is_bound:
            self.initial.setdefault("region_code", actor.jurisdiction.code)

    def clean_region_code(self):
        code = (self.cleaned_data.get("region_code") or "").strip()
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(
                gettext("There is no region with code %(c)s.") % {"c": code}
            )
        if not in_jurisdiction(self.actor, region):
            raise forms.ValidationError(
                gettext("Region %(c)s %(n)s lies outside your jurisdiction.")
                % {"c": region.code, "n": region.name}
            )
        return region

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["region"] = data.pop("region_code")
        return data


class MeterConfigForm(StyledForm):
    """A unit's instruments of one energy at one level (added, or corrected when there)."""

    level = forms.ChoiceField(label=_("level"), choices=rules.level_choices)
    kind = forms.ChoiceField(label=_("energy"), choices=rules.kind_choices)
    required = forms.IntegerField(label=_("instruments required"), min_value=1)
    installed = forms.IntegerField(label=_("instruments installed"), min_value=0)
    recorded_on = forms.DateField(label=_("recorded on"), widget=DATE, initial=timezone.localdate)
