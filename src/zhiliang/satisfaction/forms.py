from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiliang.core.forms import StyledForm
from zhiliang.core.guards import in_jurisdiction
from zhiliang.core.models import Region
from zhiliang.inspections.forms import DATE


class SurveyForm(StyledForm):
    """A new survey: the year's measurement of a city or district."""

    code = forms.CharField(label=_("survey code"), max_length=32)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("title"), max_length=200)
    region_code = forms.CharField(label=_("region code"), max_length=12)
    conducted_by = forms.CharField(label=_("survey firm"), max_length=200, required=False)
    fieldwork_from = forms.DateField(label=_("fieldwork from"), widget=DATE)
    fieldwork_to = forms.DateField(label=_("fieldwork to"), widget=DATE)

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
