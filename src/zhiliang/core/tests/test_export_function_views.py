"""The function views' exports through `core.views.xlsx_export`: above the limit each is
queued, made as the user may see it when the job runs, and downloaded from the export files."""

import pytest
from django.urls import reverse

from zhiliang.core.models import ExportFile, ExportStatus

EXPORTS = [
    ("licensing:field-list", {"region": "320412"}, "office_staff", "field-list-320412-"),
    ("equipment:field_export", {"region": "320412"}, "office_staff", "equipment-due-320412-"),
    ("audit:trail-export", {"q": "x"}, "audit_admin", "Change history-"),
]


@pytest.mark.english
@pytest.mark.parametrize(("url", "query", "role", "name"), EXPORTS)
def test_queued_above_the_limit(
    url, query, role, name, login, settings, django_capture_on_commit_callbacks
):
    settings.ZHILIANG_EXPORT_INLINE_MAX_ROWS = -1  # even an empty one goes to the worker
    client = login(role, "3204")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse(url), query)
    assert response.status_code == 302 and response["Location"] == reverse("downloads")
    export = ExportFile.objects.get()
    assert export.status == ExportStatus.READY, export.message
    assert export.file_name.startswith(name) and export.rows == 0
    download = client.get(reverse("download_file", args=[export.pk]))
    assert download.status_code == 200


@pytest.mark.parametrize(("url", "query", "role", "name"), EXPORTS[:2])
def test_immediate_below_the_limit(url, query, role, name, login):
    response = login(role, "3204").get(reverse(url), query)
    assert response.status_code == 200 and not ExportFile.objects.exists()


@pytest.mark.parametrize(("url", "query", "role", "name"), EXPORTS[:2])
def test_the_job_refuses_a_region_the_user_left(
    url, query, role, name, login, settings, make_org, django_capture_on_commit_callbacks
):
    """Asked as the city for 武进区; moved to 新北区 before the job ran: refused, no file."""
    settings.ZHILIANG_EXPORT_INLINE_MAX_ROWS = -1
    client = login(role, "3204")
    with django_capture_on_commit_callbacks() as queued:
        client.get(reverse(url), query)
    client.user.organization = make_org("320411")
    client.user.save()
    for job in queued:
        job()
    export = ExportFile.objects.get()
    assert export.status == ExportStatus.FAILED and export.message
