import string

from django.core.exceptions import ValidationError
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


def not_in_future(value, *, field: str | None = None, what: str | None = None) -> None:
    """A date that has to have happened already (a sampling, a report, a notification).

    `what` names the date in the message ("the sampling date 2099-01-05 …"); `field` keys
    the error to a form or serializer field."""
    from django.utils import timezone

    if value is None or value <= timezone.localdate():
        return
    if what:
        message = _("The %(what)s %(d)s lies in the future.") % {"what": what, "d": value}
    else:
        message = _("The date %(d)s lies in the future.") % {"d": value}
    raise ValidationError({field: message} if field else message, code="future")
