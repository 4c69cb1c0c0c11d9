from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    STORE = "store", _("shop or market stall")
    ONLINE = "online", _("online platform")


class Verdict(models.TextChoices):
    PENDING = "pending", pgettext_lazy("monitoring", "awaiting results")
    PASS = "pass", pgettext_lazy("monitoring", "within the limits")
    FAIL = "fail", pgettext_lazy("monitoring", "beyond a limit")
