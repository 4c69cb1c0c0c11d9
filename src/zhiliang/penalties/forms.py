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


class ProposeForm(StyledForm):
    """拟列入严重违法失信名单, from the enterprise's file or a penalty's page. The legal basis
    is checked by the service (its message, not "this field is required")."""

    category = forms.ChoiceField(label=_("kind of serious violation"))
    legal_basis = forms.CharField(label=_("legal basis"), max_length=255, required=False)
    facts = forms.CharField(
        label=_("facts"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deciding_body = forms.ModelChoiceField(label=_("deciding body"), queryset=None)
    proposed_on = _on(_("proposed on"))
    evidence = forms.FileField(label=_("evidence file (PDF, JPEG, PNG, .docx, .xlsx)"))

    def __init__(self, *args, actor=None, **kwargs):
        from zhiliang.penalties.selectors import deciding_bodies

        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (c.code, c.label) for c in listing_rules.categories().values()
        ]
        self.fields["deciding_body"].queryset = deciding_bodies(actor).order_by(
            "region__code", "name", "id"
        )
