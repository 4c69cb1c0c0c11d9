from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhiliang.enterprises.models import Enterprise
from zhiliang.imports.models import ImportBatch
from zhiliang.imports.tests.test_importers import row, xlsx


def test_the_whole_flow_through_the_pages(client, make_user, django_capture_on_commit_callbacks):
    clerk = make_user("office_staff", "320412")
    client.force_login(clerk)
    content = xlsx([row(1), row(2), row(3, region="999999")])
    r = client.post(
        reverse("imports:new", args=["enterprises"]),
        {"file": SimpleUploadedFile("a.xlsx", content)},
    )
    batch = ImportBatch.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("imports:detail", args=[batch.pk])
    page = client.get(r["Location"]).content.decode()
    assert "统一社会信用代码" in page and 'value="uscc" selected' in page
    mapping = {f"col{i}": m for i, m in enumerate(batch.mapping)}
    with django_capture_on_commit_callbacks(execute=True):  # jobs run inline in tests
        client.post(reverse("imports:detail", args=[batch.pk]), mapping)
    page = client.get(reverse("imports:detail", args=[batch.pk])).content.decode()
    assert "999999" in page and 'id="commit"' in page
    assert Enterprise.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:commit", args=[batch.pk]))
    assert Enterprise.objects.count() == 2
    r = client.get(reverse("imports:rejected", args=[batch.pk]))
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")


def test_bad_file_gets_a_message_on_the_page(client, make_user):
    client.force_login(make_user("office_staff", "320412"))
    r = client.post(
        reverse("imports:new", args=["enterprises"]),
        {"file": SimpleUploadedFile("a.xlsx", b"%PDF-1.4")},
    )
    assert r.status_code == 200 and 'id="upload-error"' in r.content.decode()
    assert not ImportBatch.objects.exists()


def test_other_districts_batches_are_404(client, make_user):
    clerk = make_user("office_staff", "320412")
    client.force_login(clerk)
    client.post(
        reverse("imports:new", args=["enterprises"]),
        {"file": SimpleUploadedFile("a.xlsx", xlsx([row(1)]))},
    )
    batch = ImportBatch.objects.get()
    client.force_login(make_user("office_staff", "320411"))
    for name in ("detail", "status", "rejected"):
        assert client.get(reverse(f"imports:{name}", args=[batch.pk])).status_code == 404
    assert client.post(reverse("imports:commit", args=[batch.pk])).status_code == 404


def test_viewers_cannot_import(client, make_user):
    client.force_login(make_user("viewer", "320412"))
    assert client.get(reverse("imports:new", args=["enterprises"])).status_code == 403


def test_rows_are_checked_in_the_language_of_the_page(
    client, make_user, monkeypatch, django_capture_on_commit_callbacks
):
    """The worker has no request: the page hands its language to the job, which stores the
    row reasons in it. The job is queued once the request's writes are committed."""
    import re
    from types import SimpleNamespace

    from django.utils import translation

    from zhiliang.imports import tasks

    clerk = make_user("office_staff", "320412")
    client.force_login(clerk)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.post(
        reverse("imports:new", args=["enterprises"]),
        {"file": SimpleUploadedFile("a.xlsx", xlsx([row(1), row(3, region="999999")]))},
    )
    batch = ImportBatch.objects.get()
    queued, job = [], tasks.validate_import
    monkeypatch.setattr(
        tasks, "validate_import", SimpleNamespace(enqueue=lambda *a: queued.append(a))
    )
    with django_capture_on_commit_callbacks() as on_commit:
        client.post(
            reverse("imports:detail", args=[batch.pk]),
            {f"col{i}": m for i, m in enumerate(batch.mapping)},
        )
        assert queued == []
    assert on_commit
    for callback in on_commit:
        callback()
    assert queued == [(str(batch.pk), clerk.pk, "en")]
    with translation.override("zh-hans"):  # as a worker started in the default language
        job.call(*queued[0])
    reasons = " ".join(batch.rows.get(number=3).errors)
    assert reasons and not re.search("[\u4e00-\u9fff]", reasons), reasons
    job.call(str(batch.pk), clerk.pk, "zh-hans")
    assert re.search("[\u4e00-\u9fff]", " ".join(batch.rows.get(number=3).errors))
