"""The case pages' forms: shape and conversion only (the rules are the services')."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiliang.cases import rules
from zhiliang.core.api.fields import ScopedModelChoiceField
from zhiliang.core.forms import StyledForm, enterprise_in_jurisdiction
from zhiliang.core.models import Organization
from zhiliang.core.widgets import DateInput
from zhiliang.enterprises.models import Product
from zhiliang.equipment.models import EquipmentUnit

DATE = DateInput()


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _now():
    return timezone.localtime().replace(second=0, microsecond=0)


def _text(label, required=True, rows=2):
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class _Subject(StyledForm):
    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_enterprise_uscc(self):
        return enterprise_in_jurisdiction(self.actor, self.cleaned_data.get("enterprise_uscc"))


class AccidentForm(_Subject):
    title = forms.CharField(label=_("title"), max_length=200)
    number = forms.CharField(
        label=_("case number"),
        max_length=64,
        required=False,
        help_text=_("Left empty, one is given."),
    )
    opened_at = forms.DateTimeField(label=_("happened at"), widget=DateTimeInput)
    reported_at = forms.DateTimeField(
        label=_("the unit reported at"), widget=DateTimeInput, initial=_now
    )
    register_code = forms.CharField(
        label=_("equipment register code"),
        max_length=32,
        required=False,
        help_text=_("For a special-equipment accident."),
    )
    enterprise_uscc = forms.CharField(
        label=_("enterprise USCC"),
        max_length=40,
        required=False,
        help_text=_("For other quality accidents."),
    )
    product = forms.ModelChoiceField(
        label=_("product"), required=False, queryset=Product.objects.filter(parent__isnull=False)
    )
    place = forms.CharField(label=_("place"), max_length=200, required=False)
    deaths = forms.IntegerField(label=_("deaths"), initial=0)
    injuries = forms.IntegerField(label=_("serious injuries"), initial=0)
    direct_loss = forms.DecimalField(
        label=_("direct economic loss (yuan)"), initial=0, max_digits=14, decimal_places=2
    )
    description = _text(_("particulars"), required=False)

    def clean_register_code(self):
        code = (self.cleaned_data.get("register_code") or "").strip()
        if not code:
            return None
        unit = EquipmentUnit.objects.visible_to(self.actor).filter(register_code=code).first()
        if unit is None:
            raise forms.ValidationError(
                gettext("No equipment unit %(c)s in your jurisdiction.") % {"c": code}
            )
        return unit

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["equipment_unit"] = data.pop("register_code")
        data["enterprise"] = data.pop("enterprise_uscc")
        return data


class SupervisedForm(_Subject):
    number = forms.CharField(label=_("case number"), max_length=64)
    title = forms.CharField(label=_("title"), max_length=200)
    enterprise_uscc = forms.CharField(label=_("enterprise USCC"), max_length=40)
    violation = forms.CharField(label=_("violation"), max_length=255)
    office = ScopedModelChoiceField(Organization, above=False, label=_("handling office"))
    opened_at = forms.DateTimeField(label=_("violation found at"), widget=DateTimeInput)
    due_on = forms.DateField(label=_("supervision deadline"), widget=DATE)
    description = _text(_("particulars"), required=False)

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        field = self.fields["office"].scope_to(actor)
        field.queryset = field.queryset.filter(regulates_market=True, is_active=True)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["enterprise"] = data.pop("enterprise_uscc")
        return data


class AdvanceForm(StyledForm):
    to = forms.ChoiceField(label=_("next stage"))
    at = forms.DateTimeField(label=_("at"), widget=DateTimeInput, initial=_now)
    note = forms.CharField(label=_("note"), required=False, max_length=2000)
    # The decision of a supervised case: its penalty record (penalties' own rules apply).
    decision_number = forms.CharField(label=_("decision number"), max_length=64, required=False)
    penalty_kind = forms.ChoiceField(label=_("kind of penalty"), required=False)
    fine_amount = forms.DecimalField(
        label=_("fine (yuan)"), required=False, max_digits=14, decimal_places=2
    )
    legal_basis = forms.CharField(label=_("legal basis"), max_length=255, required=False)
    decided_on = forms.DateField(label=_("decision date"), required=False, widget=DATE)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        nxt = rules.next_stages(case.kind, case.stage) if case else []
        self.fields["to"].choices = [(s, rules.stage_label(case.kind, s)) for s in nxt]
        from zhiliang.penalties import rules as penalty_rules

        self.fields["penalty_kind"].choices = [("", "")] + penalty_rules.kind_choices()
        if not (case and case.penalty_id is None and "decided" in nxt):
            for name in (
                "decision_number",
                "penalty_kind",
                "fine_amount",
                "legal_basis",
                "decided_on",
            ):
                del self.fields[name]

    def penalty_data(self):
        data = self.cleaned_data
        if data.get("to") != "decided" or "decision_number" not in self.fields:
            return None
        return {
            "decision_number": data["decision_number"],
            "kind": data["penalty_kind"],
            "fine_amount": data["fine_amount"],
            "legal_basis": data["legal_basis"],
            "decided_on": data["decided_on"] or timezone.localdate(),
            "enforcing_body": self.case.office,
        }


class EventForm(StyledForm):
    code = forms.ChoiceField(label=_("step"))
    at = forms.DateTimeField(label=_("at"), widget=DateTimeInput, initial=_now)
    note = forms.CharField(label=_("note"), max_length=2000)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [
            (e["code"], rules.stage_label(case.kind, e["code"])) for e in rules.events(case.kind)
        ]


class InterviewForm(StyledForm):
    held_on = forms.DateField(label=_("held on"), widget=DATE, initial=timezone.localdate)
    attendees = _text(_("attendees"))
    issues = _text(_("issues raised"))
    commitments = _text(_("commitments"), required=False)
    follow_up_on = forms.DateField(label=_("follow-up check by"), widget=DATE)


class CheckForm(StyledForm):
    on = forms.DateField(label=_("checked on"), widget=DATE, initial=timezone.localdate)
    result = forms.CharField(label=_("result of the check"), max_length=2000)


class ExtendForm(StyledForm):
    reason = forms.CharField(label=_("reason for the extension"), max_length=255)


class DocumentForm(StyledForm):
    title = forms.CharField(label=_("title"), max_length=200)
    file = forms.FileField(label=_("file"))
