from django import forms
from django.utils.translation import gettext_lazy as _

from zhiliang.core.forms import Form
from zhiliang.core.models import Region
from zhiliang.core.widgets import DateInput
from zhiliang.plans.choices import ProgressStatus


class PlanSourceForm(Form):
    """A policy document: uploaded as a file or pasted as text, for a region."""

    file = forms.FileField(label=_("document (.txt, .docx, .html, .pdf)"), required=False)
    text = forms.CharField(
        label=_("or paste the text"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    region = forms.ModelChoiceField(
        label=_("region of the plan"),
        queryset=Region.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = user.jurisdiction
        # The plan's region: the user's own or a county/city inside it.
        self.fields["region"].queryset = (
            Region.objects.subtree(scope.code).filter(level__lte=3)
            if scope
            else Region.objects.none()
        )
        self.fields["region"].initial = scope

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool((data.get("text") or "").strip()):
            raise forms.ValidationError(_("Upload a file or paste the text (one of the two)."))
        return data


def _accepted(data, prefix: str) -> list[int]:
    count = int(data.get(f"{prefix}-count") or 0)
    return [i for i in range(min(count, 2000)) if data.get(f"{prefix}{i}-accept")]


def _span(value: str):
    try:
        start, end = (int(v) for v in value.split(","))
        return [start, end]
    except (ValueError, AttributeError):
        return None


def _choice(value: str, name: str):
    kind, _sep, rest = (value or "text").partition(":")
    if kind == "org" and rest.isdigit():
        return ("org", int(rest))
    if kind == "new":
        code, _sep, new_name = rest.partition(":")
        return ("new", code, new_name or name)
    return ("text", name)


def review_items(data) -> dict:
    """The reviewer's accepted and edited items from the review form's fields."""
    meta = {
        k: (data.get(f"meta-{k}") or "").strip() for k in ("title", "doc_number", "issuer", "date")
    }
    targets = [
        {
            "indicator": (data.get(f"t{i}-indicator") or "").strip(),
            "comparator": data.get(f"t{i}-comparator"),
            "value": (data.get(f"t{i}-value") or "").strip(),
            "unit": (data.get(f"t{i}-unit") or "").strip(),
            "deadline": (data.get(f"t{i}-deadline") or "").strip(),
            "span": _span(data.get(f"t{i}-span")),
        }
        for i in _accepted(data, "t")
    ]
    phases = [
        {
            "name": (data.get(f"p{i}-name") or "").strip(),
            "start": data.get(f"p{i}-start"),
            "end": data.get(f"p{i}-end"),
        }
        for i in _accepted(data, "p")
    ]
    tasks = []
    for i in _accepted(data, "k"):
        written, units = {}, {}
        for role in ("lead", "cooperating"):
            n = int(data.get(f"k{i}-{role}-count") or 0)
            names = [data.get(f"k{i}-{role}{j}-name", "") for j in range(min(n, 200))]
            written[role] = names
            units[role] = [
                _choice(data.get(f"k{i}-{role}{j}"), name) for j, name in enumerate(names)
            ]
        tasks.append(
            {
                "title": (data.get(f"k{i}-title") or "").strip(),
                "due_on": (data.get(f"k{i}-due_on") or "").strip() or None,
                "span": _span(data.get(f"k{i}-span")),
                "as_written": written,
                "units": units,
            }
        )
    return {"meta": meta, "targets": targets, "phases": phases, "tasks": tasks}


class ReportForm(Form):
    status = forms.ChoiceField(
        label=_("status"),
        choices=ProgressStatus.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reported_on = forms.DateField(
        label=_("reported on"),
        widget=DateInput(attrs={"class": "form-control"}),
    )
    narrative = forms.CharField(
        label=_("progress"), widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"})
    )
