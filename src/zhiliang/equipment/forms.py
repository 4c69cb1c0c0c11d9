from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhiliang.core.forms import Form
from zhiliang.core.widgets import DateInput
from zhiliang.equipment.choices import Conclusion


class OverrideForm(forms.Form):
    every_years = forms.IntegerField(
        label=_("every N years"), required=False, min_value=1, max_value=20
    )
    due_on = forms.DateField(
        label=pgettext_lazy("inspection", "due on"),
        required=False,
        widget=DateInput(),
    )
    reason = forms.CharField(
        label=pgettext_lazy("override", "reason"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
    )


class InspectionForm(Form):
    inspected_on = forms.DateField(label=_("inspected on"), widget=DateInput())
    inspection_body = forms.CharField(label=_("inspection body"), max_length=200)
    conclusion = forms.ChoiceField(label=_("conclusion"), choices=Conclusion.choices)
    report_number = forms.CharField(label=_("report number"), max_length=64)
    safety_grade = forms.IntegerField(
        label=_("safety grade"), required=False, min_value=1, max_value=5
    )
