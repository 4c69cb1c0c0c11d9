from django import forms
from django.contrib.auth.forms import AuthenticationForm

from zhiliang.core import selectors, services


class LoginForm(AuthenticationForm):
    """Django's login form, saying so when the account is locked."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            locked = selectors.user_locked_until(username=self.cleaned_data.get("username", ""))
            if locked:
                raise forms.ValidationError(
                    str(services.AccountLocked(locked)), code="locked"
                ) from None
            raise
