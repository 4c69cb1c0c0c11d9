"""Form widgets shared by the apps."""

from django import forms


class DateInput(forms.DateInput):
    """A browser date picker (`<input type="date">`). Its value must be ISO (2026-12-05),
    whatever the language: with the zh-hans format (2026/12/05) browsers show it empty or
    refuse to submit the form."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
