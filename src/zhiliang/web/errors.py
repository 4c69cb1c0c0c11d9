"""Error pages in the site's layout and the user's language, with the way back."""

import logging

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _texts(status: int) -> tuple[str, str, str]:
    return {
        400: (
            _("The request could not be understood"),
            _("Check what you entered and try again."),
            "warning",
        ),
        403: (
            _("You may not open this page"),
            _(
                "Your role does not allow this. If you need it, ask your office's "
                "system administrator."
            ),
            "warning",
        ),
        404: (
            _("Page not found"),
            _("The page or record does not exist, or it is outside your jurisdiction."),
            "secondary",
        ),
        500: (
            _("Something went wrong on our side"),
            _(
                "The error has been logged. Please try again later; if it happens again, "
                "tell your system administrator what you were doing."
            ),
            "danger",
        ),
    }[status]


def _back_url(request) -> str | None:
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return None


def error_page(request, status: int) -> HttpResponse:
    title, text, tone = _texts(status)
    context = {"error_code": status, "error_title": title, "error_text": text, "error_tone": tone}
    try:
        context["back_url"] = _back_url(request)
        body = render_to_string("web/error.html", context, request=request)
    except Exception:  # noqa: BLE001 — the layout itself may be what failed (database, context)
        logger.exception("error page %s could not use the layout", status)
        body = (
            f"<!doctype html><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<h1>{escape(title)}</h1><p>{escape(text)}</p>"
            f"<p><a href='/'>{escape(_('Back to the home page'))}</a></p>"
        )
    return HttpResponse(body, status=status)
