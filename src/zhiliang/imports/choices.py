from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("uploaded: map the columns")
    VALIDATING = "validating", _("checking rows")
    VALIDATED = "validated", _("checked: review and confirm")
    COMMITTING = "committing", _("importing")
    COMMITTED = "committed", _("imported")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


OPEN_STATUSES = (ImportStatus.UPLOADED, ImportStatus.VALIDATED)
