from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SourceKind(models.TextChoices):
    SAMPLING = "sampling", _("supervision sampling result")
    MONITORING = "monitoring", _("risk monitoring result")
    COMPLAINT = "complaint", _("complaint")
    INJURY = "injury", _("injury report")
    ACCIDENT = "accident", _("accident report")
    FOREIGN = "foreign", _("foreign notification (Safety Gate, CPSC, other recall)")
    MEDIA = "media", _("media or public report")


class SignalMethod(models.TextChoices):
    CUSUM = "cusum", _("failure rate above the cell's baseline (cumulative sum)")
    FUNNEL = "funnel", _("failure rate above the funnel plot's upper limit")
    SPIKE = "spike", _("more complaints than the cell's history")
    INJURY = "injury", _("more injury reports than the cell's history")
    MONITORING = "monitor", _("more risk-monitoring failures than the cell's history")


class SignalStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("signal", "open")
    CLOSED = "closed", pgettext_lazy("signal", "closed")


# What a signal says in a few words (the home page, badges).
SIGNAL_SHORT = {
    SignalMethod.CUSUM: _("failure rate rising"),
    SignalMethod.FUNNEL: _("failure rate above its peers"),
    SignalMethod.SPIKE: _("complaints surging"),
    SignalMethod.INJURY: _("injuries surging"),
    SignalMethod.MONITORING: _("monitoring failures rising"),
}
