"""The bases of the site's own forms: a named empty choice, and Bootstrap classes."""

from django import forms
from django.utils.translation import gettext_lazy as _

CHOOSE = _("— choose —")
_DASHES = "---------"  # Django's empty choice: a clerk reads it as a broken list


def name_empty_choices(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == _DASHES:
                field.empty_label = CHOOSE
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if ("", _DASHES) in choices:
                field.choices = [("", CHOOSE) if c == ("", _DASHES) else c for c in choices]


class Form(forms.Form):
    """A plain form whose empty choices say 请选择."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_empty_choices(self)

    def service_data(self) -> dict:
        """What the service is given: the cleaned data; a form that converts (a USCC to its
        enterprise, a code to its region) says so in its own `service_data`."""
        return self.cleaned_data


class StyledForm(Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css
