from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiliang.core.choices import OrganizationKind
from zhiliang.core.forms import RegionCodeForm, StyledForm, enterprise_in_jurisdiction
from zhiliang.core.guards import referable
from zhiliang.core.models import Organization
from zhiliang.infrastructure import rules
from zhiliang.inspections.forms import DATE


class LaboratoryForm(StyledForm):
    """A body of the jurisdiction entered in the registry with its qualification."""

    organization = forms.ModelChoiceField(label=_("inspection body"), queryset=None)
    level = forms.ChoiceField(label=_("level"), choices=rules.level_choices)
    cma_number = forms.CharField(label=_("CMA qualification number"), max_length=20)
    cma_issued_on = forms.DateField(label=_("CMA issued on"), widget=DATE)
    cma_valid_until = forms.DateField(label=_("CMA valid until"), widget=DATE)
    cnas_number = forms.CharField(label=_("CNAS accreditation number"), max_length=20,
                                  required=False)  # fmt: skip
    cnas_valid_until = forms.DateField(label=_("CNAS valid until"), widget=DATE, required=False)
    parameter_count = forms.IntegerField(label=_("parameters qualified"), min_value=0)

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = referable(
            Organization, actor, (OrganizationKind.INSPECTION_BODY,), above=False
        ).filter(laboratory__isnull=True)

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class NoticeForm(RegionCodeForm):
    number = forms.CharField(label=_("notification number"), max_length=40)
    member = forms.CharField(label=_("notifying member"), max_length=60)
    title = forms.CharField(label=_("title"), max_length=300)
    products = forms.CharField(
        label=_("products covered"), widget=forms.Textarea(attrs={"rows": 2})
    )
    hs_codes = forms.CharField(
        label=_("HS codes"), max_length=300, required=False,
        help_text=_("Separated by spaces or commas, e.g. 8516 8509."),
    )  # fmt: skip
    objective = forms.CharField(label=_("objective and rationale"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    notified_on = forms.DateField(label=_("notified on"), widget=DATE)
    comment_deadline = forms.DateField(label=_("final date for comments"), widget=DATE)
    region_code = forms.CharField(label=_("region code"), max_length=12)

    def clean_hs_codes(self):
        codes = [
            c.replace(".", "") for c in self.cleaned_data["hs_codes"].replace(",", " ").split()
        ]
        bad = [c for c in codes if not c.isdigit()]
        if bad:
            raise forms.ValidationError(gettext("Not HS codes: %(v)s.") % {"v": "、".join(bad)})
        return codes


class CommentForm(StyledForm):
    """A comment recorded by the office: an enterprise (by USCC) or a department."""

    uscc = forms.CharField(label=_("enterprise USCC"), max_length=18, required=False)
    department = forms.ModelChoiceField(label=_("department"), queryset=None, required=False)
    commented_on = forms.DateField(label=_("commented on"), widget=DATE, initial=timezone.localdate)
    text = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["department"].queryset = referable(
            Organization, actor, (OrganizationKind.DEPARTMENT,)
        )

    def clean_uscc(self):
        return enterprise_in_jurisdiction(self.actor, self.cleaned_data.get("uscc"))

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["enterprise"] = data.pop("uscc")
        return data


class AppointmentForm(StyledForm):
    uscc = forms.CharField(label=_("enterprise USCC"), max_length=18)
    person = forms.CharField(label=_("name"), max_length=64)
    position = forms.CharField(label=_("position"), max_length=64, required=False)
    phone = forms.CharField(label=_("phone"), max_length=32, required=False)
    appointed_on = forms.DateField(label=_("appointed on"), widget=DATE)

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    clean_uscc = CommentForm.clean_uscc

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        if "uscc" in data:  # a correction's form has no enterprise: it stays the same
            data["enterprise"] = data.pop("uscc")
        return data


class TrainingForm(StyledForm):
    course = forms.CharField(label=_("course"), max_length=200)
    trained_on = forms.DateField(label=_("trained on"), widget=DATE)
    hours = forms.DecimalField(label=_("hours"), max_digits=5, decimal_places=1, required=False)
    certificate_number = forms.CharField(label=_("certificate number"), max_length=64,
                                         required=False)  # fmt: skip


class EndAppointmentForm(StyledForm):
    ended_on = forms.DateField(label=_("ended on"), widget=DATE, initial=timezone.localdate)
