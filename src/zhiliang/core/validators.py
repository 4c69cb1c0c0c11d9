import string
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


class CharacterClassesValidator:
    """At least three of: lower case, upper case, digits, other characters."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        classes = [
            any(c in string.ascii_lowercase for c in password),
            any(c in string.ascii_uppercase for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                _(
                    "The password must mix at least %(n)d of: lower-case letters, "
                    "upper-case letters, digits and symbols."
                ),
                code="password_too_simple",
                params={"n": self.min_classes},
            )

    def get_help_text(self):
        return _(
            "Your password must mix at least %(n)d of: lower-case letters, upper-case "
            "letters, digits and symbols."
        ) % {"n": self.min_classes}


def not_in_future(value, label=None, *, field: str | None = None, today=None) -> None:
    """A date that has not happened yet cannot be recorded as having happened (a sampling,
    a report, a notification). `label` names the date in the message; `field` keys the
    error to a form or serializer field. A time (a case's step) is compared with now."""
    if today is None:
        today = timezone.now() if isinstance(value, datetime) else timezone.localdate()
    if value and value > today:
        message = _("%(f)s cannot be in the future.") % {"f": label or _("The date")}
        raise ValidationError({field: message} if field else message, code="future")


def dates_not_in_future(obj, labels: dict, *, today=None) -> dict:
    """`Model.clean()`'s share of `not_in_future`: {field: message} for `obj`'s dates."""
    errors = {}
    for name, label in labels.items():
        try:
            not_in_future(getattr(obj, name), label, today=today)
        except ValidationError as exc:
            errors[name] = exc.messages
    return errors


def assign(obj, data: dict, fields) -> None:
    """Set on `obj` the values of `data` that the service lets it take (`fields`)."""
    for field, value in data.items():
        if field in fields:
            setattr(obj, field, value)


def checked(obj, exclude=(), extra=None) -> None:
    """The record's own rules (`full_clean()`, without the fields in `exclude` that the
    services look up themselves) and the services' (`extra`), told together."""
    errors = {}
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as exc:
        errors = dict(exc.error_dict)
    for field, message in (extra or {}).items():
        errors.setdefault(field, [message])
    if errors:
        raise ValidationError(errors)


def errors_of(exc: ValidationError) -> dict:
    """A refusal as {field: messages}; one not tied to a field under "__all__"."""
    return dict(exc.error_dict) if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
