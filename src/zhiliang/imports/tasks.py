"""Background jobs of the importer: thin wrappers over the services.

Each job runs in the language of the person who started it: the row reasons it stores are
text they read on the preview and in the rejected-rows file. They have their own queue and
the highest priority: someone is waiting for them.

If a worker dies under one of them, the batch goes back to where the user can retry or
cancel (zhiliang.jobs)."""

from django.utils import translation
from django_tasks import task

from zhiliang.core.models import User
from zhiliang.imports import services
from zhiliang.imports.models import ImportBatch
from zhiliang.jobs.registry import on_abandoned

QUEUE, PRIORITY = "imports", 50


@task(queue_name=QUEUE, priority=PRIORITY)
def validate_import(batch_id: str, user_id: int, language: str | None = None) -> None:
    batch = ImportBatch.objects.get(pk=batch_id)
    with translation.override(language):
        services.import_validate(actor=User.objects.get(pk=user_id), batch=batch)


@task(queue_name=QUEUE, priority=PRIORITY)
def commit_import(batch_id: str, user_id: int, language: str | None = None) -> None:
    batch = ImportBatch.objects.get(pk=batch_id)
    with translation.override(language):
        services.import_commit(actor=User.objects.get(pk=user_id), batch=batch)


@on_abandoned(validate_import)
@on_abandoned(commit_import)
def _interrupted(batch_id: str, user_id: int = 0, language: str | None = None) -> None:
    with translation.override(language):
        services.import_interrupted(batch_id=batch_id)
