"""What a user is told when a piece of work fails.

A rule's own words (ValidationError, PermissionDenied) are meant for the user and are
passed on; a database error (IntegrityError, OperationalError, DataError …) or any
other unexpected error is told as a plain sentence, and its raw text — table, column
and constraint names, SQL, values of other records — goes to the log only.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.utils.translation import gettext as _


def failure_message(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    if isinstance(exc, PermissionDenied):
        return str(exc) or _("You may not do this.")
    if isinstance(exc, DatabaseError):
        return _(
            "The database refused the change (a record may have been changed or removed "
            "meanwhile); the details have been logged for the administrator."
        )
    return _(
        "An unexpected error stopped the work; the details have been logged for the administrator."
    )
