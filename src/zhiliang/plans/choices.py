from django.db import models
from django.utils.translation import gettext_lazy as _


class Comparator(models.TextChoices):
    AT_LEAST = ">=", _("at least")
    MORE_THAN = ">", _("more than")
    AT_MOST = "<=", _("at most")
    ABOUT = "~", _("about")
    EXACTLY = "=", _("exactly")


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started (未开始)")
    IN_PROGRESS = "in_progress", _("in progress (进行中)")
    DONE = "done", _("done (已完成)")
    LATE = "late", _("behind schedule (滞后)")


class UnitRole(models.TextChoices):
    LEAD = "lead", _("lead unit")
    COOPERATING = "cooperating", _("cooperating unit")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ISSUED = "issued", _("issued")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class TaskState(models.TextChoices):
    """Where a task stands: its latest report's status, or what its due date makes of it."""

    NOT_REPORTED = "not_reported", _("not reported yet")
    NOT_STARTED = "not_started", _("not started (未开始)")
    IN_PROGRESS = "in_progress", _("in progress (进行中)")
    LATE = "late", _("behind schedule (滞后)")
    OVERDUE = "overdue", _("overdue (逾期未完成)")
    DONE = "done", _("completed on time (按期完成)")
    DONE_LATE = "done_late", _("completed late (逾期完成)")
