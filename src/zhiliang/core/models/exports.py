import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExportStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    RUNNING = "running", _("being made")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class ExportFile(models.Model):
    """A large export made in the background for the user who asked for it.

    What to export is kept as asked (`source`, `params`), not as rows: the job runs the
    list's selector again as this user, so it never shows more than the user may see at the
    moment it runs. The file lives under ZHILIANG_HOME/exports/, named by the id, and only
    its owner may download it (core/export_jobs.py)."""

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    label = models.CharField(_("contents"), max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    # The dotted path of the list view (or export function) that makes the file, and the
    # filters it was asked with; both come from code, never from the request's own text.
    source = models.CharField(_("made by"), max_length=200)
    params = models.JSONField(_("filters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.WAITING
    )
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    message = models.TextField(pgettext_lazy("export", "reason"), blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export file")
        verbose_name_plural = _("export files")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="exportfile_owner")]

    def __str__(self):
        return self.file_name
