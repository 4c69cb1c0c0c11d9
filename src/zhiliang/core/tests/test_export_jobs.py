"""Large exports as background jobs: the list's export above the limit is queued, made as
the user sees the list when the job runs, downloaded only by its owner, deleted after the
keeping time; small exports stay immediate. (The tests' jobs run inline on commit.)"""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from zhiliang.core import export_jobs
from zhiliang.core.exports import Sheet, xlsx_file
from zhiliang.core.models import ExportFile, ExportStatus, Organization, Region, RoleGrant
from zhiliang.core.tests.test_exports import NASTY
from zhiliang.core.views import xlsx_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST = "/enterprises/"


@pytest.fixture
def many(settings, make_enterprise):
    """Three enterprises in each district of 常州, and exports of more than two rows queued."""
    settings.ZHILIANG_EXPORT_INLINE_MAX_ROWS = 2
    for code in ("320412", "320411"):
        for n in range(3):
            make_enterprise(code, name=f"{code}-企业{n}")


def _names(content: bytes) -> list[str]:
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    return [row[1] for row in ws.iter_rows(min_row=2, values_only=True)]


def _ask(client, query, on_commit, *, run=True):
    with on_commit(execute=run):
        response = client.get(LIST, {**query, "export": "xlsx"})
    return response


def _file(client, export) -> bytes:
    response = client.get(reverse("download_file", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return b"".join(response.streaming_content)


def test_a_small_export_is_still_made_in_the_request(login, make_enterprise):
    make_enterprise("320412")
    response = login("office_staff", "320412").get(LIST, {"export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert not ExportFile.objects.exists()


def test_a_large_export_is_queued_made_and_downloaded(
    login, many, django_capture_on_commit_callbacks
):
    client = login("office_staff", "3204")
    response = _ask(client, {"q": "企业"}, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == reverse("downloads")
    export = ExportFile.objects.get()
    assert (export.status, export.rows, export.created_by) == ("ready", 6, client.user)
    assert export.file_name.startswith("enterprises-") and export.size > 0
    assert export_jobs.export_path(export).stat().st_mode & 0o077 == 0
    content = _file(client, export)
    assert sorted(_names(content)) == sorted(
        f"{c}-企业{n}" for c in ("320412", "320411") for n in range(3)
    )
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    assert ws.freeze_panes == "A2"  # the one writer: frozen header
    page = client.get(reverse("downloads")).content.decode()
    assert reverse("download_file", args=[export.pk]) in page


def test_the_job_keeps_the_filters(login, many, django_capture_on_commit_callbacks):
    client = login("office_staff", "3204")
    _ask(client, {"region": "320411", "page": "2"}, django_capture_on_commit_callbacks)
    export = ExportFile.objects.get()
    assert export.params == {"region": ["320411"]}
    assert sorted(_names(_file(client, export))) == [f"320411-企业{n}" for n in range(3)]


def test_a_district_user_gets_only_the_district(login, many, django_capture_on_commit_callbacks):
    client = login("office_staff", "320412")
    _ask(client, {}, django_capture_on_commit_callbacks)
    export = ExportFile.objects.get()
    assert export.rows == 3
    assert sorted(_names(_file(client, export))) == [f"320412-企业{n}" for n in range(3)]


def test_the_job_uses_the_scope_of_when_it_runs(login, many, django_capture_on_commit_callbacks):
    """Asked as the city; moved to a district before the worker runs: the district's rows."""
    client = login("office_staff", "3204")
    with django_capture_on_commit_callbacks() as queued:
        client.get(LIST, {"export": "xlsx"})
    user = client.user
    user.organization = Organization.objects.create(
        name="武进区市场监督管理局", region=Region.objects.get(code="320412")
    )
    user.save()
    for job in queued:
        job()
    export = ExportFile.objects.get()
    assert export.rows == 3
    assert sorted(_names(_file(client, export))) == [f"320412-企业{n}" for n in range(3)]


def test_a_user_who_lost_the_list_gets_a_reason_not_a_file(
    login, many, django_capture_on_commit_callbacks
):
    client = login("office_staff", "3204")
    with django_capture_on_commit_callbacks() as queued:
        client.get(LIST, {"export": "xlsx"})
    RoleGrant.objects.filter(user=client.user).delete()
    for job in queued:
        job()
    export = ExportFile.objects.get()
    assert export.status == ExportStatus.FAILED
    assert export.message == "您已无权查看此列表。"  # in the language it was asked in
    assert not export_jobs.export_path(export).exists()
    assert not export_jobs.exports_of(user=client.user).filter(status="ready").exists()


def test_only_the_owner_downloads(
    login, make_user, client, many, django_capture_on_commit_callbacks
):
    owner = login("office_staff", "3204")
    _ask(owner, {}, django_capture_on_commit_callbacks)
    export = ExportFile.objects.get()
    url = reverse("download_file", args=[export.pk])
    for other in (make_user("office_staff", "3204"), make_user("viewer", "3204")):
        client.force_login(other)
        assert client.get(url).status_code == 404
        assert url not in client.get(reverse("downloads")).content.decode()
    client.force_login(make_user("system_admin", "3204"))
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to the login


def test_formula_like_names_stay_text_in_the_job_file(
    login, settings, make_enterprise, django_capture_on_commit_callbacks
):
    settings.ZHILIANG_EXPORT_INLINE_MAX_ROWS = 1
    for name in NASTY:
        make_enterprise("320412", name=name)
    client = login("office_staff", "320412")
    _ask(client, {}, django_capture_on_commit_callbacks)
    ws = load_workbook(io.BytesIO(_file(client, ExportFile.objects.get()))).worksheets[0]
    cells = [row[1] for row in ws.iter_rows(min_row=2)]
    assert sorted(c.value for c in cells) == sorted(NASTY)
    assert all(c.data_type == "s" for c in cells)


@pytest.mark.english
def test_one_user_may_have_only_so_many_waiting(
    login, many, settings, django_capture_on_commit_callbacks
):
    settings.ZHILIANG_EXPORT_PENDING_LIMIT = 1
    client = login("office_staff", "3204")
    _ask(client, {}, django_capture_on_commit_callbacks, run=False)
    response = client.get(LIST, {"export": "xlsx"}, follow=True)
    assert "already have 1 exports waiting" in response.content.decode()
    assert ExportFile.objects.count() == 1


def test_bad_filters_show_the_page_and_queue_nothing(login, many):
    response = login("office_staff", "3204").get(LIST, {"export": "xlsx", "region": "999999"})
    assert response.status_code == 200 and "text/html" in response["Content-Type"]
    assert not ExportFile.objects.exists()


def test_the_downloads_page_is_in_the_menu_of_business_roles_only(login, make_user, client):
    url = reverse("downloads")
    for role in ("office_staff", "department_reporter", "inspector", "viewer"):
        home = login(role, "320412").get("/").content.decode()
        assert f'href="{url}"' in home, role
        assert client.get(url).status_code == 200, role
    client.force_login(make_user("security_admin", "3204"))
    assert f'href="{url}"' not in client.get("/").content.decode()
    assert client.get(url).status_code == 403


def test_a_waiting_export_shows_and_refreshes(login, many, django_capture_on_commit_callbacks):
    client = login("office_staff", "3204")
    _ask(client, {}, django_capture_on_commit_callbacks, run=False)
    page = client.get(reverse("downloads")).content.decode()
    assert 'data-status="waiting"' in page and 'http-equiv="refresh"' in page


def test_an_interrupted_export_fails_with_a_reason(clerk):
    export = ExportFile.objects.create(
        created_by=clerk, source="x", label="企业", file_name="a.xlsx", status="running"
    )
    export_jobs.export_interrupted(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and "Ask for the export again" in export.message


def test_old_exports_are_deleted_with_their_files(clerk, settings):
    settings.ZHILIANG_EXPORT_RETENTION_DAYS = 7
    old, new = (
        ExportFile.objects.create(created_by=clerk, source="x", label="l", file_name="f.xlsx")
        for _ in range(2)
    )
    ExportFile.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    for export in (old, new):
        export_jobs.export_path(export).write_bytes(b"x")
    from zhiliang.core.tasks import prune_exports

    assert prune_exports.call() == 1
    assert list(ExportFile.objects.all()) == [new]
    assert not export_jobs.export_path(old).exists() and export_jobs.export_path(new).exists()


def test_prune_exports_is_a_daily_job():
    from zhiliang.daily import DAILY_JOBS

    assert "zhiliang.core.tasks.prune_exports" in [path for _label, path in DAILY_JOBS]


# -- function views --------------------------------------------------------------------------


def numbers_maker(*, user, params):
    """A function view's maker, as apps declare them: checks and scopes by `user`."""
    count = int(params["n"][0])
    return xlsx_file(Sheet("n", ["n"], ([i] for i in range(count)))), count


def test_a_function_view_export_is_immediate_or_queued(
    rf, clerk, settings, django_capture_on_commit_callbacks
):
    from django.contrib.messages.storage.fallback import FallbackStorage

    settings.ZHILIANG_EXPORT_INLINE_MAX_ROWS = 5
    source = f"{__name__}.numbers_maker"
    for n, queued in ((5, False), (6, True)):
        request = rf.get("/x")
        request.user, request.session = clerk, {}
        request._messages = FallbackStorage(request)
        with django_capture_on_commit_callbacks(execute=True):
            response = xlsx_export(
                request, source=source, params={"n": [n]}, stem="n", label="numbers", rows=n
            )
        assert (response.status_code == 302) is queued
    export = ExportFile.objects.get()
    assert (export.status, export.rows) == (ExportStatus.READY, 6)
