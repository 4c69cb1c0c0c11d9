"""Background jobs of the importer: thin wrappers over the services."""

from django_tasks import task

from zhiliang.core.models import User
from zhiliang.imports import services
from zhiliang.imports.models import ImportBatch


@task()
def validate_import(batch_id: str, user_id: int) -> None:
    batch = ImportBatch.objects.get(pk=batch_id)
    services.import_validate(actor=User.objects.get(pk=user_id), batch=batch)


@task()
def commit_import(batch_id: str, user_id: int) -> None:
    batch = ImportBatch.objects.get(pk=batch_id)
    services.import_commit(actor=User.objects.get(pk=user_id), batch=batch)
