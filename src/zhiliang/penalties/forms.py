from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.core.forms import StyledForm
from zhiliang.penalties import listing_rules
from zhiliang.penalties.choices import ENDED, PenaltyStatus


class OverturnForm(forms.Form):
    status = forms.ChoiceField(
        label=_("what happened to the decision"),
        choices=[(s.value, s.label) for s in PenaltyStatus if s in ENDED],
        initial=PenaltyStatus.OVERTURNED,
    )
    on = forms.DateField(label=_("on"), initial=timezone.localdate)
    reason = forms.CharField(label=_("reason"), max_length=255)


class RemoveForm(forms.Form):
    on = forms.DateField(label=_("removed on"), initial=timezone.localdate)
    reason = forms.CharField(label=_("reason for removal"), max_length=255)


# -- the serious-violation list and repairs: one small form per step -----------------------


ON = _("on")


def _on(label=ON):
    return forms.DateField(
        label=label,
        initial=timezone.localdate,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


class OnForm(StyledForm):
    on = _on()


class DropForm(StyledForm):
    on = _on()
    reason = forms.CharField(label=_("why it is not listed"), max_length=2000)


class DecideForm(StyledForm):
    on = _on(_("listing decided on"))
    decision_number = forms.CharField(label=_("decision number"), max_length=64)
    objection = forms.CharField(
        label=_("objection and its answer (if any)"), max_length=2000, required=False
    )


class ApplyRemovalForm(StyledForm):
    on = _on(_("applied on"))
    statement = forms.CharField(
        label=_("applicant's statement"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, condition in listing_rules.removal_conditions().items():
            self.fields[f"condition_{code}"] = forms.BooleanField(
                label=condition.label,
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )

    def conditions(self) -> dict:
        data = self.cleaned_data
        return {
            code: data.get(f"condition_{code}", False)
            for code in listing_rules.removal_conditions()
        }


class DecisionForm(StyledForm):
    on = _on()
    reason = forms.CharField(label=_("reason"), max_length=255)


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("reason"), max_length=255)


class EvidenceForm(StyledForm):
    file = forms.FileField(label=_("evidence file (PDF, JPEG, PNG, .docx, .xlsx)"))


class RepairApplyForm(StyledForm):
    on = _on(_("applied on"))
    statement = forms.CharField(
        label=_("applicant's statement"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
