from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StandardStatus(models.TextChoices):
    """Read from the dates (never stale): before implementation, in force, withdrawn."""

    UPCOMING = "upcoming", _("to be implemented")
    CURRENT = "current", pgettext_lazy("standard", "in force")
    WITHDRAWN = "withdrawn", pgettext_lazy("standard", "withdrawn")


class PilotStatus(models.TextChoices):
    BUILDING = "building", _("under construction")
    ACCEPTED = "accepted", _("accepted on inspection")
    REVOKED = "revoked", _("revoked")
