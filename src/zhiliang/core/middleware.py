"""Site-wide middleware.

RefusalMiddleware: refusals that escape a view outside the API (admin, pages) answer 400/409,
never 500. The API's views have DRF's exception handler (`core/api/errors.py`); this is the
same rule for every other view: a service's ValidationError (e.g. a refused role grant) is a
400 with its message, a record still referred to is a 409 saying by what. JSON under /api/, a
page elsewhere.
"""

import time

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from zhiliang.core.api.errors import is_api, json_error, still_referred_message


class SessionRenewalMiddleware:
    """The idle timeout's renewal, written at most once a minute per session.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) made every page view a
    database write and a commit: with 20 users at once, a queue on SQLite's one writer and
    a log flush per page on PostgreSQL. Touching a key once a minute makes SessionMiddleware
    save it then, so a session still ends 30 idle minutes (give or take one) after its last
    request. Requests without a session (the API with a token) are left alone."""

    RENEW_AFTER = 60  # seconds
    KEY = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.RENEW_AFTER:
                session[self.KEY] = now
        return response


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


class RefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ValidationError):
            status, message = 400, " ".join(exception.messages)
        elif isinstance(exception, ProtectedError | RestrictedError):
            status, message = 409, still_referred_message(exception)
        else:
            return None
        if is_api(request):
            return json_error(request, status, message)
        title = _("Refused")
        page = format_html(
            '<!doctype html><html><head><meta charset="utf-8"><title>{}</title></head>'
            "<body><h1>{}</h1><p>{}</p></body></html>",
            title,
            title,
            message,
        )
        return HttpResponse(page, status=status)
