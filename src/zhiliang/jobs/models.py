"""What the background machinery records about itself: live workers and routine runs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row per running worker process, touched every few seconds by a thread.

    A job claimed by a worker whose row has gone stale (or whose process is gone from this
    host) was abandoned: the worker died under it."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    queues = models.CharField(_("queues"), max_length=200)
    started_at = models.DateTimeField(_("started at"))
    beat_at = models.DateTimeField(_("last heartbeat"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-beat_at"]

    def __str__(self):
        return f"{self.worker_id} ({self.hostname}:{self.pid})"


class Beacon(models.Model):
    """When a routine last completed (e.g. the daily jobs), for the readiness check."""

    name = models.CharField(_("name"), max_length=40, primary_key=True)
    at = models.DateTimeField(_("last completed"))

    class Meta:
        verbose_name = _("beacon")
        verbose_name_plural = _("beacons")

    def __str__(self):
        return f"{self.name} @ {self.at:%Y-%m-%d %H:%M}"
