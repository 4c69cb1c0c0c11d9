from django import forms
from django.utils.translation import gettext_lazy as _

from zhiliang.assessments.choices import SubjectKind
from zhiliang.core.forms import Form
from zhiliang.core.guards import in_jurisdiction
from zhiliang.core.models import Region


class RunForm(Form):
    """Run a scheme over the regions (or departments) of a region for a period."""

    region = forms.ModelChoiceField(
        label=_("assess within"),
        queryset=Region.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    subject_kind = forms.ChoiceField(
        label=_("assess"),
        choices=SubjectKind.choices,
        initial=SubjectKind.REGION,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    period = forms.CharField(
        label=_("period"),
        max_length=9,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("2025/2026, 2025, 2025-Q1 …"),
    )

    def __init__(self, *args, user, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        scope = user.jurisdiction
        # The deeper of the scheme's region and the user's: the run must lie in both.
        own = scheme.region
        base = own.code if in_jurisdiction(user, own) else (scope.code if scope else "")
        self.fields["region"].queryset = (
            Region.objects.subtree(base).filter(level__lte=3) if base else Region.objects.none()
        )
        self.fields["region"].initial = Region.objects.filter(code=base).first()
        self.fields["period"].initial = scheme.period


class DecideForm(Form):
    passed = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("yes")), ("0", _("no"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("note"), required=False, max_length=2000)
