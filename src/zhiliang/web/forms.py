from django.contrib.auth.forms import AuthenticationForm

from zhiliang.core import services


class LoginForm(AuthenticationForm):
    """Django's login form; one message for every refusal (a locked account included)."""

    def get_invalid_login_error(self):
        from django import forms

        return forms.ValidationError(services.login_refused_message(), code="invalid_login")
