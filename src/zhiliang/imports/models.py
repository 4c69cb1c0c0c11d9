import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.imports.choices import ImportStatus


class ImportBatchQuerySet(JurisdictionQuerySet):
    pass


class ImportBatch(models.Model):
    """One uploaded file on its way through mapping, checking and commit."""

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The uploader's jurisdiction: rows outside it are rejected."),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=8)
    headers = models.JSONField(_("column headers"), default=list)
    header_row = models.PositiveIntegerField(_("header row"), default=1)
    mapping = models.JSONField(_("column mapping"), default=list)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    rejected_rows = models.PositiveIntegerField(_("rejected rows"), default=0)
    created_count = models.PositiveIntegerField(_("records created"), default=0)
    message = models.TextField(_("message"), blank=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"


class ImportRow(models.Model):
    """One data row of a file: its raw cells and, once checked, what is wrong with it."""

    # No index of its own: `importrow_batch_valid` leads with the batch and serves every
    # look-up by batch; a second index would be written for each of an import's rows.
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import"),
        on_delete=models.CASCADE,
        related_name="rows",
        db_index=False,
    )
    number = models.PositiveIntegerField(_("row number in the file"))
    values = models.JSONField(_("cells"), default=list)
    errors = models.JSONField(_("errors"), default=list)
    # What the serializer made of a valid row, kept so that the commit need not check it again.
    cleaned = models.JSONField(_("checked values"), null=True, blank=True)
    is_valid = models.BooleanField(_("valid"), default=False)

    class Meta:
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        ordering = ["batch", "number"]
        indexes = [
            models.Index(fields=["batch", "is_valid", "number"], name="importrow_batch_valid")
        ]

    def __str__(self):
        return f"{self.batch_id}:{self.number}"
