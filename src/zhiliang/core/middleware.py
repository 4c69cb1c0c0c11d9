from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from zhiliang.core.api.errors import is_api, json_error


class PasswordChangeRequiredMiddleware:
    """After a password reset, the account opens only the password change page (and logout)
    until it has chosen its own password."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("password_change"), reverse("logout"), reverse("set_language")}
            if request.path not in allowed and not request.path.startswith("/static/"):
                if is_api(request):
                    return json_error(request, 403, _("Change your password first."))
                return redirect("password_change")
        return self.get_response(request)
