"""Forms of the plan editing pages: the plan's facts, a target, a phase, a task."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from zhiliang.core.forms import StyledForm
from zhiliang.core.widgets import DateInput
from zhiliang.plans.choices import Comparator
from zhiliang.plans.models import Plan, Task


class PlanFactsForm(StyledForm):
    title = forms.CharField(label=_("title"), max_length=255)
    doc_number = forms.CharField(label=_("document number"), max_length=64, required=False)
    issuer = forms.CharField(label=_("issuer"), max_length=128, required=False)
    period_start = forms.DateField(label=_("period start"), required=False, widget=DateInput())
    period_end = forms.DateField(label=_("period end"), required=False, widget=DateInput())

    @classmethod
    def of(cls, plan: Plan, data=None):
        return cls(data, initial={f: getattr(plan, f) for f in cls.base_fields})


class TargetForm(StyledForm):
    indicator_text = forms.CharField(label=_("indicator as written"), max_length=255)
    comparator = forms.ChoiceField(label=_("comparator"), choices=Comparator.choices)
    value = forms.DecimalField(label=_("target value"), max_digits=18, decimal_places=4)
    unit = forms.CharField(label=_("unit"), max_length=16, required=False)
    deadline = forms.CharField(
        label=_("deadline (year or year-month)"),
        max_length=7,
        required=False,
        validators=[
            RegexValidator(r"^\d{4}(-\d{2})?$", _("Write a year (2025) or a year-month (2025-06)."))
        ],
    )


class PhaseForm(StyledForm):
    name = forms.CharField(label=_("name"), max_length=128)
    starts_on = forms.DateField(label=_("starts on"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("ends on"), required=False, widget=DateInput())


class TaskForm(StyledForm):
    title = forms.CharField(label=_("title"), max_length=255)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    due_on = forms.DateField(label=_("due on"), required=False, widget=DateInput())
    lead = forms.ModelMultipleChoiceField(
        label=_("lead units"), queryset=None, required=False, widget=forms.SelectMultiple
    )
    cooperating = forms.ModelMultipleChoiceField(
        label=_("cooperating units"), queryset=None, required=False, widget=forms.SelectMultiple
    )

    def __init__(self, *args, organisations, task: Task | None = None, **kwargs):
        if task is not None and "initial" not in kwargs:
            units = list(task.task_units.all())
            kwargs["initial"] = {
                "title": task.title,
                "description": task.description,
                "due_on": task.due_on,
                "lead": [u.organization_id for u in units if u.role == "lead"],
                "cooperating": [u.organization_id for u in units if u.role != "lead"],
            }
        super().__init__(*args, **kwargs)
        for name in ("lead", "cooperating"):
            self.fields[name].queryset = organisations
            self.fields[name].widget.attrs["size"] = 8
