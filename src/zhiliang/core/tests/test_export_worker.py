"""A large export made by a real worker process (`zhiliang db_worker`), as in production:
the file appears under ZHILIANG_HOME for its owner, with the owner's district only."""

import io

import pytest
from openpyxl import load_workbook

from zhiliang.core import export_jobs
from zhiliang.core.models import ExportFile, ExportStatus
from zhiliang.core.tasks import make_export
from zhiliang.jobs.tests.helpers import queue_job
from zhiliang.jobs.tests.test_kill_worker import restart_worker, shared  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_real_worker_makes_the_file(shared, make_user, make_enterprise):  # noqa: F811
    for code in ("320412", "320411"):
        make_enterprise(code, name=f"{code}-企业")
    user = make_user("office_staff", "320412")
    export = ExportFile.objects.create(
        created_by=user,
        source="zhiliang.enterprises.views.EnterpriseList",
        params={"q": ["企业"]},
        label="企业",
        file_name="enterprises.xlsx",
        language="zh-hans",
    )
    queue_job(make_export, str(export.pk))

    shared.push()
    restart_worker(shared)

    export.refresh_from_db()
    assert (export.status, export.rows) == (ExportStatus.READY, 1), export.message
    content = export_jobs.export_path(export).read_bytes()
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    assert [row[1] for row in ws.iter_rows(min_row=2, values_only=True)] == ["320412-企业"]
