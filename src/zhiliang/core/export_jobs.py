"""Large exports as background jobs: asked for on a list, made by the worker, downloaded
from the user's "export files" page.

A list whose filtered rows are more than ZHILIANG_EXPORT_INLINE_MAX_ROWS is not written in
the request (the certificate export took 13 s): `export_request` records what was asked —
the maker's dotted path and the filters, not the rows — and queues `core.tasks.make_export`.
The job (`export_make`) calls the maker again *as the user, at run time*: the list's
selector re-applies the user's jurisdiction and the filters, and a user who has lost the
right to the list gets a failed export, never a file. The file is written by the one
xlsx writer (core/exports.py) and kept under ZHILIANG_HOME/exports/ (not a public
directory) for ZHILIANG_EXPORT_RETENTION_DAYS; only the user who asked may download it.

A maker is a ScopedListView subclass (its `build_export`) or a function
`(*, user, params) -> (temporary xlsx, rows)` that raises PermissionDenied or
ValidationError with a plain message when it refuses.
"""

from __future__ import annotations

import logging
import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from zhiliang.core.models import ExportFile, ExportStatus, User
from zhiliang.core.queue import enqueue_on_commit

logger = logging.getLogger(__name__)

PERMISSION = "core.view_exportfile"
PENDING = (ExportStatus.WAITING, ExportStatus.RUNNING)


def inline_max_rows() -> int:
    """Up to this many rows an export is written in the request; above, it is a job."""
    return settings.ZHILIANG_EXPORT_INLINE_MAX_ROWS


def retention_days() -> int:
    return settings.ZHILIANG_EXPORT_RETENTION_DAYS


def exports_dir() -> Path:
    path = Path(settings.ZHILIANG_EXPORT_DIR)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def export_path(export: ExportFile) -> Path:
    # Named by the id alone: nothing of the user's input reaches the file system.
    return exports_dir() / f"{export.pk}.xlsx"


# -- reads -----------------------------------------------------------------------------------


def exports_of(*, user) -> object:
    """The user's own exports, newest first (nobody sees another's, whatever their role)."""
    return ExportFile.objects.filter(created_by=user).order_by("-created_at")


def export_ready_for(*, user, pk) -> ExportFile:
    """The user's export `pk` if its file is ready; DoesNotExist otherwise, and for any
    other user's export (answered as missing)."""
    export = exports_of(user=user).get(pk=pk, status=ExportStatus.READY)
    if not export_path(export).is_file():
        raise ExportFile.DoesNotExist
    return export


# -- writes ----------------------------------------------------------------------------------


def export_request(
    *, actor: User, source: str, params: dict, label: str, file_name: str
) -> ExportFile:
    """Record an export to be made in the background and queue its job.

    Refused (ValidationError) when the actor already has ZHILIANG_EXPORT_PENDING_LIMIT
    exports waiting or being made: each one holds a worker for a while."""
    if not (actor.is_authenticated and actor.has_perm(PERMISSION)):
        raise PermissionDenied(_("You may not export lists."))
    limit = settings.ZHILIANG_EXPORT_PENDING_LIMIT
    with transaction.atomic():
        # Lock the user's row so that two quick clicks cannot both pass the limit.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        if exports_of(user=actor).filter(status__in=PENDING).count() >= limit:
            raise ValidationError(
                _(
                    "You already have %(n)d exports waiting or being made; wait until one "
                    "is ready before asking for another."
                )
                % {"n": limit}
            )
        export = ExportFile(
            created_by=actor,
            source=source,
            params=params,
            label=label[:200],
            file_name=file_name[:200],
            language=translation.get_language() or "",
        )
        export.full_clean()
        export.save()
        enqueue_on_commit("zhiliang.core.tasks.make_export", str(export.pk))
    return export


def export_make(*, export_id) -> ExportFile | None:
    """Make a waiting export's file (the job). None if it is not waiting (already made,
    deleted, or taken by another worker)."""
    taken = ExportFile.objects.filter(pk=export_id, status=ExportStatus.WAITING).update(
        status=ExportStatus.RUNNING, started_at=timezone.now()
    )
    if not taken:
        return None
    export = ExportFile.objects.select_related("created_by").get(pk=export_id)
    with translation.override(export.language or None):
        try:
            rows = _write(export)
        except (PermissionDenied, ValidationError, ObjectDoesNotExist) as refusal:
            return _finish_failed(export, _refusal_text(refusal))
        except Exception:
            logger.exception("export %s (%s) failed", export.pk, export.source)
            return _finish_failed(
                export,
                _("The file could not be made. Ask for it again, or tell the administrator."),
            )
    export.status, export.rows = ExportStatus.READY, rows
    export.size = export_path(export).stat().st_size
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "rows", "size", "finished_at"])
    return export


def _write(export: ExportFile) -> int:
    """Make the file in a temporary place, then move it where the download finds it (a
    download never sees half a file); returns its rows."""
    tmp, rows = build(export.source, user=export.created_by, params=export.params)
    with tmp:
        target = export_path(export)
        partial = target.with_suffix(".part")
        shutil.copyfile(tmp.name, partial)
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    return rows


def build(source: str, *, user: User, params: dict):
    """Run the maker at `source` as `user`: (temporary xlsx, rows)."""
    if not user.is_active:
        raise PermissionDenied(_("Your account is no longer active."))
    maker = import_string(source)
    return getattr(maker, "build_export", maker)(user=user, params=params)


def _refusal_text(refusal: Exception) -> str:
    if isinstance(refusal, ValidationError):
        return " ".join(refusal.messages)
    if isinstance(refusal, ObjectDoesNotExist):
        return _("What this export was about no longer exists, or you may no longer see it.")
    return str(refusal) or _("You may no longer export this list.")


def _finish_failed(export: ExportFile, reason: str) -> ExportFile:
    export.status, export.message, export.finished_at = ExportStatus.FAILED, reason, timezone.now()
    export.save(update_fields=["status", "message", "finished_at"])
    return export


def export_interrupted(*, export_id) -> None:
    """The worker making this export died: it is marked failed with a reason to ask again."""
    export = ExportFile.objects.filter(pk=export_id).first()
    if export is None:
        return
    with translation.override(export.language or None):
        message = _("Interrupted: the background worker stopped. Ask for the export again.")
    ExportFile.objects.filter(pk=export_id, status__in=PENDING).update(
        status=ExportStatus.FAILED, finished_at=timezone.now(), message=message
    )


def exports_prune(*, now: datetime | None = None) -> int:
    """Delete exports asked for more than ZHILIANG_EXPORT_RETENTION_DAYS ago, with their files;
    returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days())
    old = ExportFile.objects.filter(created_at__lt=cutoff)
    ids = list(old.values_list("pk", flat=True))
    for pk in ids:
        for suffix in (".xlsx", ".part"):
            (exports_dir() / f"{pk}{suffix}").unlink(missing_ok=True)
    deleted, _by_model = ExportFile.objects.filter(pk__in=ids).delete()
    return deleted
