"""Forms of the sampling pages. They only parse input; the services decide and write."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from zhiliang.core.forms import StyledForm, enterprise_in_jurisdiction
from zhiliang.core.guards import referable
from zhiliang.core.models import Organization, Region
from zhiliang.core.widgets import DateInput
from zhiliang.enterprises.models import Product
from zhiliang.enterprises.uscc import normalize
from zhiliang.inspections import selectors
from zhiliang.inspections.choices import (
    Escalation,
    FollowUpAction,
    PlanLevel,
    PlanStatus,
    SamplePlace,
    Verdict,
)
from zhiliang.inspections.services.samples import LABORATORY_KINDS, TEST_ITEMS_MAX

DATE = DateInput()
# The sampling forms were the first on the shared base.
Styled = StyledForm


def _organisations(user):
    return Organization.objects.visible_to(user).order_by("region__code", "name")


def _regions(user):
    scope = user.jurisdiction
    if scope is None:
        return Region.objects.none()
    return Region.objects.subtree(scope.code).filter(level__lte=3).order_by("code")


class PlanForm(Styled):
    name = forms.CharField(label=gettext_lazy("name"), max_length=200)
    level = forms.ChoiceField(label=gettext_lazy("level"), choices=PlanLevel.choices)
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=2000, max_value=2100)
    authority = forms.ModelChoiceField(label=gettext_lazy("authority"), queryset=None)
    region = forms.ModelChoiceField(label=gettext_lazy("jurisdiction"), queryset=None)
    random_share = forms.DecimalField(
        label=gettext_lazy("random (control) share"), min_value=0, max_value=1, decimal_places=3
    )
    team_size = forms.IntegerField(
        label=gettext_lazy("inspectors per enterprise"), min_value=1, max_value=10
    )
    weight_a = forms.DecimalField(label=gettext_lazy("weight of class A"), min_value=0)
    weight_b = forms.DecimalField(label=gettext_lazy("weight of class B"), min_value=0)
    weight_c = forms.DecimalField(label=gettext_lazy("weight of class C"), min_value=0)
    weight_d = forms.DecimalField(label=gettext_lazy("weight of class D"), min_value=0)
    status = forms.ChoiceField(label=gettext_lazy("status"), choices=PlanStatus.choices)
    notes = forms.CharField(
        label=gettext_lazy("notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = selectors.sampling_authorities(user).order_by(
            "region__code", "name"
        )
        self.fields["region"].queryset = _regions(user)


class QuotaForm(Styled):
    product = forms.ModelChoiceField(
        label=gettext_lazy("product or category"), queryset=Product.objects.order_by("code")
    )
    region = forms.ModelChoiceField(label=gettext_lazy("region"), queryset=None)
    quota = forms.IntegerField(label=gettext_lazy("enterprises to draw"), min_value=0)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = (
            Region.objects.subtree(plan.region.code).filter(level__lte=3).order_by("code")
        )


class DrawForm(Styled):
    seed = forms.IntegerField(
        label=gettext_lazy("seed"),
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        help_text=gettext_lazy("Leave empty for a random seed, or give one announced beforehand."),
    )


class SampleForm(Styled):
    """A sample; its test items come in `TestItemFormSet`."""

    plan = forms.ModelChoiceField(label=pgettext_lazy("sampling", "plan"), queryset=None)
    uscc = forms.CharField(label=gettext_lazy("producer's USCC"), max_length=40)
    product = forms.ModelChoiceField(
        label=gettext_lazy("product"),
        queryset=Product.objects.filter(parent__isnull=False).order_by("code"),
    )
    sample_number = forms.CharField(
        label=gettext_lazy("sample number"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("Left empty, a number is given."),
    )
    brand = forms.CharField(label=gettext_lazy("brand"), max_length=100, required=False)
    model = forms.CharField(
        label=gettext_lazy("model / specification"), max_length=100, required=False
    )
    batch = forms.CharField(
        label=gettext_lazy("batch or production date"), max_length=64, required=False
    )
    sampled_on = forms.DateField(label=gettext_lazy("sampled on"), widget=DATE)
    place = forms.ChoiceField(label=gettext_lazy("place"), choices=SamplePlace.choices)
    test_units = forms.IntegerField(label=gettext_lazy("test units"), min_value=1, initial=1)
    backup_units = forms.IntegerField(label=gettext_lazy("backup units"), min_value=1, initial=1)
    tested_on = forms.DateField(label=gettext_lazy("test report date"), required=False, widget=DATE)
    laboratory = forms.ModelChoiceField(
        label=gettext_lazy("laboratory"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=gettext_lazy("The inspection body that tests the sample."),
    )

    def __init__(self, *args, user, plans, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["plan"].queryset = plans
        choices = Q(pk__in=referable(Organization, user, LABORATORY_KINDS).values("pk"))
        kept = self.initial.get("laboratory") if editing else None
        if kept:
            # The sample's laboratory stays on offer (and selected) even when the editor may
            # no longer name it; otherwise saving the form would silently drop it.
            choices |= Q(pk=getattr(kept, "pk", kept))
        self.fields["laboratory"].queryset = Organization.objects.filter(choices).order_by(
            "region__code", "name"
        )
        if editing:
            for name in ("plan", "uscc", "product"):
                del self.fields[name]

    def clean_uscc(self):
        code = normalize(self.cleaned_data["uscc"])
        self.cleaned_data["enterprise"] = enterprise_in_jurisdiction(self.user, code, required=True)
        return code

    def sample_data(self) -> dict:
        keys = (
            "sample_number", "brand", "model", "batch", "sampled_on", "place",
            "test_units", "backup_units", "tested_on", "laboratory",
        )  # fmt: skip
        data = {k: self.cleaned_data.get(k) for k in keys}
        if not data["sample_number"]:
            data.pop("sample_number")
        return data


class TestItemForm(Styled):
    """One row of the test items table (检验项目): a row left blank is skipped."""

    __test__ = False  # not a pytest test class, despite its name

    item = forms.CharField(label=gettext_lazy("test item"), max_length=128)
    standard = forms.CharField(label=gettext_lazy("standard"), max_length=64, required=False)
    clause = forms.CharField(label=gettext_lazy("clause"), max_length=32, required=False)
    requirement = forms.CharField(
        label=gettext_lazy("requirement or limit"), max_length=255, required=False
    )
    measured_value = forms.CharField(
        label=gettext_lazy("measured value"), max_length=128, required=False
    )
    unit = forms.CharField(label=gettext_lazy("unit"), max_length=32, required=False)
    verdict = forms.ChoiceField(
        label=gettext_lazy("verdict"), choices=Verdict.choices, initial=Verdict.PENDING
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            small = (
                "form-select-sm" if isinstance(field.widget, forms.Select) else "form-control-sm"
            )
            # The table shows the labels once in its head; each cell still needs its own.
            field.widget.attrs.update(
                {"class": f"{field.widget.attrs['class']} {small}", "aria-label": field.label}
            )


class BaseTestItemFormSet(forms.BaseFormSet):
    __test__ = False  # nor is `TestItemFormSet`, made from this

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = gettext_lazy("remove")
            form.fields["DELETE"].widget.attrs.update(
                {"class": "form-check-input", "aria-label": gettext_lazy("remove")}
            )

    def items(self) -> list[dict]:
        """The filled rows in order, without the ones marked for removal."""
        return [
            {k: f.cleaned_data[k] for k in TestItemForm.base_fields}
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


# Five blank rows below the recorded ones; saving and editing again gives five more.
TestItemFormSet = forms.formset_factory(
    TestItemForm,
    formset=BaseTestItemFormSet,
    extra=5,
    can_delete=True,
    max_num=TEST_ITEMS_MAX,
    validate_max=True,
)


def test_items_formset(data=None, sample=None) -> BaseTestItemFormSet:
    initial = (
        list(sample.test_items.values(*TestItemForm.base_fields)) if sample is not None else []
    )
    return TestItemFormSet(data, initial=initial, prefix="items")


class FollowUpOpenForm(Styled):
    notified_on = forms.DateField(
        label=gettext_lazy("result received by the enterprise on"), widget=DATE
    )
    note = forms.CharField(
        label=gettext_lazy("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label=gettext_lazy("evidence"), required=False)


class FollowUpStepForm(Styled):
    action = forms.ChoiceField(label=gettext_lazy("step"), choices=())
    done_on = forms.DateField(label=gettext_lazy("done on"), widget=DATE)
    note = forms.CharField(
        label=gettext_lazy("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label=gettext_lazy("evidence"), required=False)
    escalation = forms.ChoiceField(
        label=gettext_lazy("escalation"),
        choices=[("", "—"), *Escalation.choices],
        required=False,
        help_text=gettext_lazy("Only when the second re-inspection fails."),
    )
    objection_waived = forms.BooleanField(
        label=gettext_lazy("the enterprise waived its objection"), required=False
    )
    training_attendees = forms.IntegerField(
        label=gettext_lazy("staff trained"), min_value=1, required=False
    )

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, FollowUpAction(a).label) for a in actions]
        self.fields["done_on"].initial = timezone.localdate()


class InspectorForm(Styled):
    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=64)
    organization = forms.ModelChoiceField(label=gettext_lazy("organisation"), queryset=None)
    qualifications = forms.CharField(
        label=gettext_lazy("qualifications"), max_length=255, required=False
    )
    phone = forms.CharField(label=gettext_lazy("phone"), max_length=32, required=False)
    active = forms.BooleanField(label=gettext_lazy("active"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _organisations(user)


class ConflictForm(Styled):
    uscc = forms.CharField(label=gettext_lazy("enterprise USCC"), max_length=40, required=False)
    organization = forms.ModelChoiceField(
        label=gettext_lazy("or organisation"), queryset=None, required=False
    )
    reason = forms.CharField(label=pgettext_lazy("conflict", "reason"), max_length=255)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organization"].queryset = _organisations(user)

    def clean(self):
        data = super().clean()
        try:
            data["enterprise"] = enterprise_in_jurisdiction(self.user, data.get("uscc"))
        except forms.ValidationError as refused:
            data["enterprise"] = None
            self.add_error("uscc", refused)
        # Naming exactly one party is the conflict's own rule (InspectorConflict.clean).
        return data
