"""Every API error is JSON with a `message`; never an HTML page."""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from zhiliang.core.api.rules import serializer_errors
from zhiliang.web.errors import error_page


def _message(detail) -> str:
    if isinstance(detail, dict):
        for key, value in detail.items():
            text = _message(value)
            return text if key in ("detail", "non_field_errors") else f"{key}: {text}"
    if isinstance(detail, list) and detail:
        return _message(detail[0])
    return str(detail)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def still_referred_message(exc: ProtectedError | RestrictedError) -> str:
    """Say what still refers to the record: "3 certificates, 1 sample"."""
    counts: dict[str, int] = {}
    objects = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
    for obj in objects:
        meta = obj._meta
        counts[str(meta.verbose_name_plural)] = counts.get(str(meta.verbose_name_plural), 0) + 1
    what = pgettext("list separator", ", ").join(f"{n} {name}" for name, n in counts.items())
    return _("This record is still referred to (%(what)s): remove or change those first.") % {
        "what": what
    }


def _validation_error(exc: DjangoValidationError, context) -> exceptions.ValidationError:
    """A rule broken in a service: reported under the names the request used."""
    if not hasattr(exc, "error_dict"):
        return exceptions.ValidationError(exc.messages)
    try:
        serializer = context["view"].get_serializer()
    except Exception:  # noqa: BLE001 - a view without a serializer: the model's names
        return exceptions.ValidationError(exc.message_dict)
    return serializer_errors(serializer, exc)


def exception_handler(exc, context):
    if isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict(still_referred_message(exc))
    if isinstance(exc, RequestDataTooBig):
        exc = BodyTooLarge(
            _("The body is larger than %(max)s bytes.")
            % {"max": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        )
    if isinstance(exc, DjangoPermissionDenied) and str(exc):
        # DRF would replace the reason with its generic text.
        exc = exceptions.PermissionDenied(str(exc))
    if isinstance(exc, DjangoValidationError):
        exc = _validation_error(exc, context)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    body = {"message": _message(detail)}
    if isinstance(detail, dict) and set(detail) != {"detail"} or isinstance(detail, list):
        body["errors"] = detail
    response.data = body
    return response


def json_error(request, status_code: int, message: str):
    return JsonResponse({"message": message}, status=status_code)


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def handler404(request, exception=None):
    if is_api(request):
        return json_error(request, status.HTTP_404_NOT_FOUND, _("Not found."))
    return error_page(request, 404)


def handler500(request):
    if is_api(request):
        return json_error(request, 500, _("Internal error; it has been logged."))
    return error_page(request, 500)


def handler403(request, exception=None):
    if is_api(request):
        return json_error(request, 403, _("You do not have permission to do this."))
    return error_page(request, 403)


def handler400(request, exception=None):
    if is_api(request):
        return json_error(request, 400, _("Bad request."))
    return error_page(request, 400)
