from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.complaints import rules
from zhiliang.complaints.choices import ComplaintOutcome
from zhiliang.core.api.fields import ScopedModelChoiceField
from zhiliang.core.forms import StyledForm as Styled
from zhiliang.core.forms import enterprise_in_jurisdiction, region_in_jurisdiction
from zhiliang.core.models import Organization
from zhiliang.inspections.forms import DATE


class ComplaintForm(Styled):
    """A new complaint, as the clerk takes it down from the work order."""

    number = forms.CharField(label=_("complaint number"), max_length=64)
    received_on = forms.DateField(label=_("received on"), initial=timezone.localdate, widget=DATE)
    channel = forms.ChoiceField(label=_("channel"), choices=rules.channel_choices)
    complainant_name = forms.CharField(label=_("complainant"), max_length=64, required=False)
    complainant_phone = forms.CharField(
        label=_("complainant's phone"), max_length=32, required=False
    )
    product_name = forms.CharField(label=_("product"), max_length=200)
    enterprise_uscc = forms.CharField(label=_("enterprise USCC"), max_length=40, required=False)
    region_code = forms.CharField(label=_("region code"), max_length=12, required=False)
    category = forms.ChoiceField(label=_("issue category"), choices=rules.category_choices)
    description = forms.CharField(
        label=_("description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    handling_unit = ScopedModelChoiceField(Organization, above=False, label=_("handling unit"))

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handling_unit"].scope_to(actor)
        if actor is not None and actor.organization_id and not self.is_bound:
            self.initial.setdefault("handling_unit", actor.organization_id)
        self.actor = actor

    def clean_enterprise_uscc(self):
        return enterprise_in_jurisdiction(self.actor, self.cleaned_data.get("enterprise_uscc"))

    def clean_region_code(self):
        code = self.cleaned_data.get("region_code")
        return region_in_jurisdiction(self.actor, code, optional=True)

    def service_data(self) -> dict:
        """The service's `data=`: related records by their field names."""
        data = dict(self.cleaned_data)
        data["enterprise"] = data.pop("enterprise_uscc")
        region = data.pop("region_code")
        if region is not None:
            data["region"] = region
        return data


class AcceptForm(forms.Form):
    on = forms.DateField(label=_("accepted on"), initial=timezone.localdate)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=ComplaintOutcome.choices)
    on = forms.DateField(label=_("closed on"), initial=timezone.localdate)


class CorrectForm(Styled):
    """Corrections of what the work order says (the record's history keeps the old values)."""

    product_name = forms.CharField(label=_("product"), max_length=200)
    category = forms.ChoiceField(label=_("issue category"), choices=rules.category_choices)
    description = forms.CharField(
        label=_("description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
