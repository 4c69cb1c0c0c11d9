from django import forms
from django.utils.translation import gettext_lazy as _

from zhiliang.core.forms import Form
from zhiliang.core.models import Region
from zhiliang.core.widgets import DateInput
from zhiliang.plans.choices import ProgressStatus


class PlanSourceForm(Form):
    """A policy document: uploaded as a file or pasted as text, for a region."""

    file = forms.FileField(label=_("document (.txt, .docx, .html, .pdf)"), required=False)
    text = forms.CharField(
        label=_("or paste the text"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    region = forms.ModelChoiceField(
        label=_("region of the plan"),
        queryset=Region.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = user.jurisdiction
        # The plan's region: the user's own or a county/city inside it.
        self.fields["region"].queryset = (
            Region.objects.subtree(scope.code).filter(level__lte=3)
            if scope
            else Region.objects.none()
        )
        self.fields["region"].initial = scope

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool((data.get("text") or "").strip()):
            raise forms.ValidationError(_("Upload a file or paste the text (one of the two)."))
        return data


class ReportForm(Form):
    status = forms.ChoiceField(
        label=_("status"),
        choices=ProgressStatus.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reported_on = forms.DateField(
        label=_("reported on"),
        widget=DateInput(attrs={"class": "form-control"}),
    )
    narrative = forms.CharField(
        label=_("progress"), widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"})
    )
