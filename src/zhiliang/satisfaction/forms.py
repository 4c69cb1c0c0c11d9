from django import forms
from django.utils.translation import gettext_lazy as _

from zhiliang.core.forms import RegionCodeForm
from zhiliang.inspections.forms import DATE


class SurveyForm(RegionCodeForm):
    """A new survey: the year's measurement of a city or district."""

    code = forms.CharField(label=_("survey code"), max_length=32)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("title"), max_length=200)
    region_code = forms.CharField(label=_("region code"), max_length=12)
    conducted_by = forms.CharField(label=_("survey firm"), max_length=200, required=False)
    fieldwork_from = forms.DateField(label=_("fieldwork from"), widget=DATE)
    fieldwork_to = forms.DateField(label=_("fieldwork to"), widget=DATE)
