from django.db import models
from django.utils.translation import gettext_lazy as _


class TableChange(models.Model):
    """Which tables a transaction wrote: the version that cached reads are keyed on.

    Written only by database triggers (core/freshness.py), never by the application: one
    row per (table, writing transaction) on PostgreSQL, so concurrent writers never wait
    for each other; one row per table on SQLite, which has one writer at a time. A table's
    version is the sum of its weights; `freshness.compact` folds old rows into one without
    changing the sum."""

    table_name = models.CharField(_("table"), max_length=63)
    tx = models.BigIntegerField(_("transaction"))
    weight = models.BigIntegerField(_("changes"), default=1)

    class Meta:
        verbose_name = _("table change")
        verbose_name_plural = _("table changes")
        constraints = [
            models.UniqueConstraint(fields=["table_name", "tx"], name="core_tablechange_once")
        ]

    def __str__(self):
        return f"{self.table_name} {self.tx}"
