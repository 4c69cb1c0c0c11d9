"""Background jobs of the importer: thin wrappers over the services.

Each job runs in the language of the person who started it: the row reasons it stores are
text they read on the preview and in the rejected-rows file."""

from django.utils import translation
from django_tasks import task

from zhiliang.core.models import User
from zhiliang.imports import services
from zhiliang.imports.models import ImportBatch


@task()
def validate_import(batch_id: str, user_id: int, language: str | None = None) -> None:
    batch = ImportBatch.objects.get(pk=batch_id)
    with translation.override(language):
        services.import_validate(actor=User.objects.get(pk=user_id), batch=batch)


@task()
def commit_import(batch_id: str, user_id: int, language: str | None = None) -> None:
    batch = ImportBatch.objects.get(pk=batch_id)
    with translation.override(language):
        services.import_commit(actor=User.objects.get(pk=user_id), batch=batch)
