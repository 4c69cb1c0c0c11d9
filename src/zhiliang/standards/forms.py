"""Page forms: they shape what the clerk typed (codes, USCCs, numbers) into records the
caller may name; the rules are the services'."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiliang.core.forms import StyledForm, enterprise_in_jurisdiction, region_in_jurisdiction
from zhiliang.enterprises.models import Product
from zhiliang.inspections.forms import DATE
from zhiliang.standards import rules
from zhiliang.standards.choices import PilotStatus
from zhiliang.standards.models import Standard


def _blank(choices):
    return lambda: [("", "—"), *choices()]


class _Lookups(StyledForm):
    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def _enterprise(self, name):
        return enterprise_in_jurisdiction(self.actor, self.cleaned_data.get(name))

    def _standard(self, name):
        number = rules.normalize_number(self.cleaned_data.get(name) or "")
        if not number:
            return None
        standard = Standard.objects.visible_to(self.actor).filter(number=number).first()
        if standard is None:
            raise forms.ValidationError(
                gettext("No standard numbered %(n)s is registered.") % {"n": number}
            )
        return standard

    def _product(self, name):
        code = (self.cleaned_data.get(name) or "").strip()
        if not code:
            return None
        product = Product.objects.filter(code=code).first()
        if product is None:
            raise forms.ValidationError(
                gettext("There is no product with code %(c)s in the catalogue.") % {"c": code}
            )
        return product

    def _region(self, name):
        return region_in_jurisdiction(self.actor, self.cleaned_data.get(name), optional=True)

    def service_data(self) -> dict:
        data = {}
        for name, value in self.cleaned_data.items():
            for suffix in ("_uscc", "_code", "_number"):
                if name.endswith(suffix) and name not in ("foreign_number",):
                    name = name.removesuffix(suffix)
            data[name] = value
        return data


class StandardForm(_Lookups):
    """A new standard; its region follows from the level (the number's DB code, the
    enterprise, or — for an alliance — the region given)."""

    number = forms.CharField(
        label=_("standard number"),
        max_length=64,
        help_text=_("As printed, e.g. GB/T 19580-2012, DB32/T 3748-2020."),
    )
    title = forms.CharField(label=_("title"), max_length=300)
    level = forms.ChoiceField(
        label=_("level"),
        choices=_blank(rules.level_choices),
        required=False,
        help_text=_("Read from the number when left empty."),
    )
    publisher = forms.CharField(label=_("publisher or alliance"), max_length=200, required=False)
    region_code = forms.CharField(
        label=_("region code"),
        max_length=12,
        required=False,
        help_text=_("For an alliance standard only."),
    )
    enterprise_uscc = forms.CharField(
        label=_("enterprise USCC"),
        max_length=40,
        required=False,
        help_text=_("For an enterprise standard only."),
    )
    issued_on = forms.DateField(label=_("issued on"), widget=DATE)
    implemented_on = forms.DateField(label=_("implemented on"), widget=DATE)
    replaced_by_number = forms.CharField(label=_("replaced by"), max_length=64, required=False)

    def clean_region_code(self):
        return self._region("region_code")

    def clean_enterprise_uscc(self):
        return self._enterprise("enterprise_uscc")

    def clean_replaced_by_number(self):
        return self._standard("replaced_by_number")


class ReviewForm(StyledForm):
    reviewed_on = forms.DateField(label=_("reviewed on"), widget=DATE,
                                  initial=timezone.localdate)  # fmt: skip
    conclusion = forms.ChoiceField(label=_("conclusion"), choices=rules.conclusion_choices)


class AdoptionForm(_Lookups):
    foreign_number = forms.CharField(
        label=_("international or foreign standard"),
        max_length=100,
        help_text=_("e.g. ISO 9001:2015, IEC 60335-1:2020."),
    )
    foreign_body = forms.ChoiceField(label=_("issuing body"), choices=rules.body_choices)
    degree = forms.ChoiceField(label=_("degree of correspondence"), choices=rules.degree_choices)
    adopted_on = forms.DateField(label=_("adopted on"), widget=DATE)
    enterprise_uscc = forms.CharField(
        label=_("enterprise USCC"),
        max_length=40,
        required=False,
        help_text=_("When an enterprise's product adopts it."),
    )
    product_code = forms.CharField(label=_("product code"), max_length=16, required=False)

    def clean_enterprise_uscc(self):
        return self._enterprise("enterprise_uscc")

    def clean_product_code(self):
        return self._product("product_code")


class DraftingForm(_Lookups):
    enterprise_uscc = forms.CharField(label=_("enterprise USCC"), max_length=40, required=False)
    organization_name = forms.CharField(
        label=_("organisation"),
        max_length=200,
        required=False,
        help_text=_("When the body is not an enterprise."),
    )
    region_code = forms.CharField(
        label=_("region code"),
        max_length=12,
        required=False,
        help_text=_("The organisation's region."),
    )
    role = forms.ChoiceField(label=_("role"), choices=rules.role_choices)
    kind = forms.ChoiceField(label=_("drafted or revised"), choices=rules.drafting_kind_choices)

    def clean_enterprise_uscc(self):
        return self._enterprise("enterprise_uscc")

    def clean_region_code(self):
        return self._region("region_code")


class EnterpriseStandardForm(_Lookups):
    enterprise_uscc = forms.CharField(label=_("enterprise USCC"), max_length=40)
    product_code = forms.CharField(label=_("product code"), max_length=16)
    standard_number = forms.CharField(label=_("standard number"), max_length=64)
    declared_on = forms.DateField(label=_("self-declared on"), widget=DATE, required=False)
    items = forms.CharField(
        label=_("declared indicators and test methods"), required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One a line: indicator：test method (e.g. 甲醛含量：GB/T 2912.1)."),
    )  # fmt: skip

    def clean_enterprise_uscc(self):
        return self._enterprise("enterprise_uscc")

    def clean_product_code(self):
        return self._product("product_code")

    def clean_standard_number(self):
        return self._standard("standard_number")

    def clean_items(self):
        from zhiliang.standards.api.serializers import ItemsField

        return ItemsField().to_internal_value(self.cleaned_data.get("items") or "")


class PilotForm(_Lookups):
    name = forms.CharField(label=_("name"), max_length=200)
    level = forms.ChoiceField(label=_("level"), choices=rules.pilot_level_choices)
    kind = forms.ChoiceField(label=_("kind"), choices=rules.pilot_kind_choices)
    field = forms.ChoiceField(label=_("field"), choices=rules.pilot_field_choices)
    region_code = forms.CharField(label=_("region code"), max_length=12)
    enterprise_uscc = forms.CharField(label=_("undertaking enterprise (USCC)"), max_length=40,
                                      required=False)  # fmt: skip
    undertaker = forms.CharField(label=_("undertaking body"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("ends on"), widget=DATE)
    status = forms.ChoiceField(label=_("status"), choices=PilotStatus.choices)

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        if actor is not None and actor.jurisdiction is not None and not self.is_bound:
            self.initial.setdefault("region_code", actor.jurisdiction.code)

    def clean_region_code(self):
        return self._region("region_code")

    def clean_enterprise_uscc(self):
        return self._enterprise("enterprise_uscc")
