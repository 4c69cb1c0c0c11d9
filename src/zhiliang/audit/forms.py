from django import forms
from django.utils.translation import gettext_lazy as _

from zhiliang.audit import selectors


class TrailFilterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("User"), queryset=None, required=False, empty_label=_("anyone")
    )
    kind = forms.ChoiceField(label=_("Record type"), required=False)
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = selectors.actors(user)
        self.fields["kind"].choices = [("", _("any")), *selectors.record_types()]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date lies before the start date."))
        return data

    def filters(self) -> selectors.Filters:
        """The filters given; none while the form has errors (the page says which)."""
        if not self.is_valid():
            return selectors.Filters()
        d = self.cleaned_data
        return selectors.Filters(
            actor=d["actor"],
            kind=d["kind"],
            date_from=d["date_from"],
            date_to=d["date_to"],
            text=d["q"].strip(),
        )
