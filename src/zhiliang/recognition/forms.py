from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiliang.core.forms import RegionCodeForm, StyledForm, enterprise_in_jurisdiction
from zhiliang.enterprises.models import Enterprise
from zhiliang.enterprises.uscc import normalize
from zhiliang.inspections.forms import DATE
from zhiliang.recognition import rules
from zhiliang.recognition.choices import ObjectionOutcome


class RoundForm(RegionCodeForm):
    """A new round: scheme (its items, rules and periods are data), year, level, region."""

    scheme = forms.ChoiceField(label=_("scheme"), choices=rules.scheme_choices)
    title = forms.CharField(label=_("title"), max_length=200)
    year = forms.IntegerField(label=_("year"))
    level = forms.ChoiceField(label=_("level"), choices=rules.level_choices)
    region_code = forms.CharField(label=_("region code"), max_length=12)
    opens_on = forms.DateField(label=_("applications open on"), widget=DATE)
    panel_size = forms.IntegerField(label=_("reviewers per application"), initial=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)


class ApplicationForm(StyledForm):
    uscc = forms.CharField(label=_("enterprise USCC"), max_length=32)
    product = forms.CharField(label=_("product"), max_length=200, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_uscc(self):
        return enterprise_in_jurisdiction(self.user, self.cleaned_data["uscc"], required=True)


class RelationsForm(StyledForm):
    """The enterprises an expert declares a relation to, by USCC, one a line."""

    usccs = forms.CharField(
        label=_("related enterprises (USCC, one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Enterprises the expert advises, owns or is related to."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_usccs(self):
        wanted = [normalize(t) for t in self.cleaned_data["usccs"].split() if t.strip()]
        found = {
            e.uscc: e for e in Enterprise.objects.visible_to(self.user).filter(uscc__in=wanted)
        }
        missing = [u for u in wanted if u not in found]
        if missing:
            raise forms.ValidationError(
                gettext("No enterprise with USCC %(u)s in your jurisdiction.")
                % {"u": "、".join(missing)}
            )
        return list(dict.fromkeys(found[u] for u in wanted))


class DocumentForm(StyledForm):
    title = forms.CharField(label=_("title"), max_length=200)
    file = forms.FileField(label=_("file"))


class CheckForm(StyledForm):
    passed = forms.BooleanField(label=_("complete and eligible: accept for review"), required=False)
    note = forms.CharField(
        label=_("formal check"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DrawForm(StyledForm):
    seed = forms.IntegerField(
        label=_("seed (empty: random)"), required=False, min_value=0, max_value=2**62
    )


class ScoreForm(StyledForm):
    """One reviewer's sheet: a field per item (those sent back, in consensus)."""

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[f"item_{item['code']}"] = forms.DecimalField(
                label=f"{item['code']} {item['name']}（≤ {item['points']}）",
                max_digits=6,
                decimal_places=1,
                required=False,
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.1"}),
            )

    def points(self) -> dict:
        return {
            name[5:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("item_") and value is not None
        }


class SiteForm(StyledForm):
    passed = forms.BooleanField(label=_("site review passed"), required=False)
    note = forms.CharField(label=_("site review"), widget=forms.Textarea(attrs={"rows": 2}))


class PublicityForm(StyledForm):
    on = forms.DateField(label=_("public notice from"), widget=DATE)


class ObjectionForm(StyledForm):
    received_on = forms.DateField(label=_("received on"), widget=DATE)
    text = forms.CharField(label=_("objection"), widget=forms.Textarea(attrs={"rows": 2}))


class SettleForm(StyledForm):
    objection = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("outcome"),
        choices=[
            (ObjectionOutcome.DISMISSED.value, ObjectionOutcome.DISMISSED.label),
            (ObjectionOutcome.UPHELD.value, ObjectionOutcome.UPHELD.label),
        ],
    )
    note = forms.CharField(label=_("finding"), widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(StyledForm):
    award = forms.BooleanField(label=_("award the title"), required=False)
    nomination = forms.BooleanField(label=_("as a nomination (提名奖)"), required=False)
    note = forms.CharField(
        label=_("decision"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    on = forms.DateField(label=_("decided on"), widget=DATE)


class RevokeForm(StyledForm):
    reason = forms.CharField(label=_("reason for revocation"), max_length=255)


class HolderForm(StyledForm):
    """A holder's record corrected (core/record_pages.py)."""

    product = forms.CharField(label=_("product"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("level"), choices=rules.level_choices)
    grade = forms.CharField(label=_("grade"), max_length=8, required=False)
    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    valid_from = forms.DateField(label=_("valid from"), widget=DATE)
    valid_until = forms.DateField(label=_("valid until"), widget=DATE)
    certificate_number = forms.CharField(label=_("certificate number"), max_length=64,
                                         required=False)  # fmt: skip

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict:
        return dict(self.cleaned_data)
