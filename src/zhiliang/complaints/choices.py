from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("complaint", "received")
    HANDLING = "handling", pgettext_lazy("complaint", "handling")
    CLOSED = "closed", pgettext_lazy("complaint", "closed")


# Forward only: received → handling → closed (a complaint not accepted or withdrawn closes
# from received).
STATUS_ORDER = {ComplaintStatus.RECEIVED: 0, ComplaintStatus.HANDLING: 1, ComplaintStatus.CLOSED: 2}


class ComplaintOutcome(models.TextChoices):
    JUSTIFIED = "justified", _("justified")
    UNJUSTIFIED = "unjustified", _("unjustified")
    WITHDRAWN = "withdrawn", _("withdrawn")
    MEDIATED = "mediated", _("mediated")
