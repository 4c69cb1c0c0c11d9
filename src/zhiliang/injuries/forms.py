from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from zhiliang.core.api.fields import ScopedModelChoiceField
from zhiliang.core.forms import Form, RegionCodeForm
from zhiliang.core.forms import StyledForm as Styled
from zhiliang.core.guards import in_jurisdiction
from zhiliang.core.models import Region
from zhiliang.injuries import rules
from zhiliang.injuries.choices import Period, Sex
from zhiliang.injuries.estimates import period_start
from zhiliang.injuries.models import MAX_AGE, SentinelHospital
from zhiliang.inspections.forms import DATE


def _coded(key):
    return lambda: rules.choices(key)


class CaseForm(Styled):
    """A case as the hospital's report card gives it."""

    hospital = ScopedModelChoiceField(SentinelHospital, label=_("sentinel hospital"))
    case_number = forms.CharField(label=pgettext_lazy("injury", "case number"), max_length=32)
    treated_on = forms.DateField(label=_("date of treatment"), widget=DATE)
    age = forms.IntegerField(label=_("age"), min_value=0, max_value=MAX_AGE)
    sex = forms.ChoiceField(label=_("sex"), choices=Sex.choices)
    body_part = forms.ChoiceField(label=_("body part"), choices=_coded("body_parts"))
    diagnosis = forms.ChoiceField(label=_("diagnosis"), choices=_coded("diagnoses"))
    disposition = forms.ChoiceField(label=_("disposition"), choices=_coded("dispositions"))
    place = forms.ChoiceField(label=_("place of injury"), choices=_coded("places"))
    product_codes = forms.CharField(
        label=_("product codes"),
        max_length=200,
        help_text=_("One or more codes of the product catalogue, e.g. 0401, 0107."),
    )
    narrative = forms.CharField(
        label=_("narrative"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hospital"].scope_to(actor)


class HospitalForm(RegionCodeForm):
    code = forms.CharField(label=_("hospital code"), max_length=32)
    name = forms.CharField(label=_("name"), max_length=200)
    region_code = forms.CharField(label=_("region code"), max_length=12)
    stratum = forms.ChoiceField(label=_("stratum"), choices=_coded("strata"))
    weight = forms.DecimalField(
        label=_("weight"), min_value=1, max_digits=10, decimal_places=4,
        help_text=_("Hospitals of the stratum in the sampling frame over those sampled (≥ 1)."),
    )  # fmt: skip
    joined_on = forms.DateField(label=_("reporting since"), widget=DATE)
    left_on = forms.DateField(label=_("reporting until"), widget=DATE, required=False)

    prefill_region = False


class HospitalCorrectForm(Styled):
    """What changes about a hospital: its stratum and weight (a new sampling design), and the
    end of its reporting."""

    stratum = forms.ChoiceField(label=_("stratum"), choices=_coded("strata"))
    weight = forms.DecimalField(
        label=_("weight"), min_value=1, max_digits=10, decimal_places=4,
        help_text=_("Hospitals of the stratum in the sampling frame over those sampled (≥ 1)."),
    )  # fmt: skip
    left_on = forms.DateField(label=_("reporting until"), widget=DATE, required=False)


class EstimateForm(Form):
    """The estimates' filters: a time span, its grouping, a product and a region."""

    start = forms.DateField(label=_("from"), required=False, widget=DATE)
    end = forms.DateField(label=_("to"), required=False, widget=DATE)
    period = forms.ChoiceField(label=_("periods"), choices=Period.choices, required=False)
    level = forms.ChoiceField(
        label=_("grouped by"),
        choices=[("product", _("product")), ("category", _("product category"))],
        required=False,
    )
    product = forms.CharField(label=_("product or category code"), max_length=16, required=False)
    region = forms.CharField(label=_("region code"), max_length=12, required=False)

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_region(self):
        code = (self.cleaned_data.get("region") or "").strip()
        if not code:
            return ""
        region = Region.objects.filter(code=code).first()
        if region is None or not in_jurisdiction(self.actor, region):
            raise forms.ValidationError(gettext("No region with this code in your jurisdiction."))
        return code

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["period"] = data.get("period") or Period.QUARTER
        data["level"] = data.get("level") or "product"
        data["end"] = data.get("end") or today
        data["start"] = data.get("start") or period_start(
            data["end"] - timedelta(days=270), Period.QUARTER
        )
        if data["start"] > data["end"]:
            self.add_error("start", gettext("The start lies after the end."))
        elif (data["end"] - data["start"]).days > 366 * 10:
            self.add_error("start", gettext("Give at most ten years."))
        return data
