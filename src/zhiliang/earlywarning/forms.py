"""The pages' forms: they shape what a clerk types into what the services take; the rules
are the models' and the services'."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiliang.core.forms import StyledForm, catalogue_product
from zhiliang.core.guards import referable
from zhiliang.core.models import Region
from zhiliang.earlywarning import rules
from zhiliang.earlywarning.choices import CardColour, Decision, WarningKind
from zhiliang.earlywarning.models import RiskAssessment
from zhiliang.enterprises.models import Enterprise
from zhiliang.enterprises.uscc import normalize
from zhiliang.inspections.forms import DATE
from zhiliang.risk import rules as risk_rules
from zhiliang.risk.models import RiskInformation, Signal

LIST_HELP = _("Several separated by commas or spaces.")


def _words(text: str) -> list[str]:
    return [w for w in (text or "").replace("，", ",").replace(",", " ").split() if w]


def region_of(code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise forms.ValidationError(gettext("There is no region with code %(c)s.") % {"c": code})
    return region


class _ActorForm(StyledForm):
    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def _enterprises(self, name: str) -> list:
        found = []
        for word in _words(self.cleaned_data.get(name)):
            code = normalize(word)
            firm = referable(Enterprise, self.actor).filter(uscc=code).first()
            if firm is None:
                raise forms.ValidationError(
                    gettext("No enterprise with USCC %(c)s in your jurisdiction.") % {"c": code}
                )
            found.append(firm)
        return found

    def _visible(self, name: str, model):
        """A hidden id of a record the actor sees, else "not found" on the form."""
        pk = self.cleaned_data.get(name)
        if not pk:
            return None
        found = model.objects.visible_to(self.actor).filter(pk=pk).first()
        if found is None:
            raise forms.ValidationError(gettext("Not found."))
        return found


class AssessmentForm(_ActorForm):
    """A signal or an item of risk information (hidden, from the page it came from) taken
    into the matrix."""

    signal = forms.IntegerField(widget=forms.HiddenInput, required=False)
    information = forms.IntegerField(widget=forms.HiddenInput, required=False)
    hazard = forms.ChoiceField(label=_("hazard"), choices=risk_rules.hazard_choices)
    scenario = forms.CharField(
        label=_("injury scenario"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the product comes to hurt someone, step by step."),
    )
    severity = forms.TypedChoiceField(
        label=_("severity of the injury (1–4)"), choices=rules.severity_choices, coerce=int
    )
    steps = forms.CharField(
        label=_("probability steps"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One step a line: what happens | its probability (0.1 or 1/10). The product of "
            "the steps is the probability of the injury."
        ),
    )
    products = forms.CharField(
        label=_("affected product codes"), required=False, help_text=LIST_HELP
    )
    regions = forms.CharField(label=_("affected region codes"), required=False, help_text=LIST_HELP)
    enterprises = forms.CharField(
        label=_("enterprises concerned (USCC)"), required=False, help_text=LIST_HELP
    )

    def clean_signal(self):
        return self._visible("signal", Signal)

    def clean_information(self):
        return self._visible("information", RiskInformation)

    def clean_steps(self):
        steps = []
        for n, line in enumerate((self.cleaned_data.get("steps") or "").splitlines(), start=1):
            if not line.strip():
                continue
            text, _bar, value = line.rpartition("|") if "|" in line else ("", "", line)
            steps.append({"text": text.strip(), "p": _probability(value.strip(), n)})
        if not steps:
            raise forms.ValidationError(gettext("Give at least one step with its probability."))
        return steps

    def clean_products(self):
        return [catalogue_product(code) for code in _words(self.cleaned_data.get("products"))]

    def clean_regions(self):
        return [region_of(code) for code in _words(self.cleaned_data.get("regions"))]

    def clean_enterprises(self):
        return self._enterprises("enterprises")

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("signal") is None and data.get("information") is None:
            raise forms.ValidationError(
                gettext("Open the assessment from a signal or an item of risk information.")
            )
        return data

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


def _probability(text: str, n: int) -> float:
    try:
        if "/" in text:
            top, bottom = text.split("/", 1)
            return float(top) / float(bottom.replace(" ", ""))
        return float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except (ValueError, ZeroDivisionError):
        raise forms.ValidationError(
            gettext("Line %(n)s: %(v)s is not a probability.") % {"n": n, "v": text}
        ) from None


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("decision"), choices=[c for c in Decision.choices if c[0] != Decision.PENDING]
    )
    note = forms.CharField(
        label=_("reasons for the decision"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class _CellForm(_ActorForm):
    assessment = forms.IntegerField(widget=forms.HiddenInput, required=False)
    region_code = forms.CharField(label=_("region code"), max_length=12)
    product_code = forms.CharField(label=_("product code"), max_length=16)
    hazard = forms.ChoiceField(label=_("hazard"), choices=risk_rules.hazard_choices)

    def clean_assessment(self):
        return self._visible("assessment", RiskAssessment)

    def clean_region_code(self):
        return region_of((self.cleaned_data.get("region_code") or "").strip())

    def clean_product_code(self):
        return catalogue_product(self.cleaned_data.get("product_code"))

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["region"] = data.pop("region_code")
        data["product"] = data.pop("product_code")
        return data


class WarningForm(_CellForm):
    kind = forms.ChoiceField(label=_("kind of warning"), choices=WarningKind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    text = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 4}))
    advice = forms.CharField(
        label=_("advice to consumers or enterprises"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    enterprises = forms.CharField(
        label=_("enterprises notified (USCC)"),
        required=False,
        help_text=_("For a risk notice. Several separated by commas or spaces."),
    )

    def clean_enterprises(self):
        return self._enterprises("enterprises")


class CardForm(_CellForm):
    signal = forms.IntegerField(widget=forms.HiddenInput, required=False)
    colour = forms.ChoiceField(label=_("colour"), choices=CardColour.choices)
    problem = forms.CharField(
        label=_("the regional problem"), widget=forms.Textarea(attrs={"rows": 4})
    )
    deadline = forms.DateField(
        label=_("rectify by"),
        widget=DATE,
        required=False,
        help_text=_("Empty: the default period for the colour."),
    )

    def clean_signal(self):
        return self._visible("signal", Signal)

    def service_data(self) -> dict:
        data = super().service_data()
        if not data.get("deadline"):
            data.pop("deadline", None)
        return data


class LiftForm(StyledForm):
    note = forms.CharField(label=_("why it is lifted"), widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label=_("rectification evidence (PDF, image, .docx, .xlsx)"))


class InterviewForm(_ActorForm):
    enterprise = forms.CharField(label=_("enterprise USCC"), max_length=40)
    held_on = forms.DateField(label=_("held on"), widget=DATE)
    attendees = forms.CharField(label=_("attendees"), widget=forms.Textarea(attrs={"rows": 2}))
    issues = forms.CharField(label=_("issues raised"), widget=forms.Textarea(attrs={"rows": 2}))
    commitments = forms.CharField(
        label=_("commitments"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    follow_up_on = forms.DateField(label=_("follow-up check by"), widget=DATE)

    def clean_enterprise(self):
        found = self._enterprises("enterprise")
        if len(found) != 1:
            raise forms.ValidationError(gettext("Give one enterprise."))
        return found[0]


class NoticeForm(_ActorForm):
    enterprises = forms.CharField(label=_("enterprises notified (USCC)"), help_text=LIST_HELP)

    def clean_enterprises(self):
        found = self._enterprises("enterprises")
        if not found:
            raise forms.ValidationError(gettext("Name at least one enterprise."))
        return found
