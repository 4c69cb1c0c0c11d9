from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RiskLevel(models.TextChoices):
    LOW = "low", pgettext_lazy("risk level", "low")
    MEDIUM = "medium", pgettext_lazy("risk level", "medium")
    HIGH = "high", pgettext_lazy("risk level", "high")
    SERIOUS = "serious", pgettext_lazy("risk level", "serious")


class Decision(models.TextChoices):
    PENDING = "pending", _("awaiting decision")
    NONE = "none", _("no action")
    MONITOR = "monitor", _("keep monitoring")
    WARN = "warn", _("issue a warning")
    CARD = "card", _("issue a yellow or red card")


class WarningKind(models.TextChoices):
    ALERT = "alert", _("internal alert to inspectors")
    CONSUMER = "consumer", _("consumer risk warning (风险警示)")
    NOTICE = "notice", _("risk notice to enterprises (风险告知书)")


class WarningStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("warning", "draft")
    PUBLISHED = "published", pgettext_lazy("warning", "published")
    WITHDRAWN = "withdrawn", pgettext_lazy("warning", "withdrawn")


class CardColour(models.TextChoices):
    YELLOW = "yellow", _("yellow card")
    RED = "red", _("red card")


class CardStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("card", "in force")
    LIFTED = "lifted", pgettext_lazy("card", "lifted")


class ActionKind(models.TextChoices):
    SAMPLING = "sampling", _("targeted sampling plan (定向抽查)")
    INTERVIEW = "interview", _("interview (约谈)")
    NOTICE = "notice", _("risk notice (风险告知书)")
    ANNOUNCEMENT = "announcement", _("public announcement")
