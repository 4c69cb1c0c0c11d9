"""The staged importer, driven through its services with enterprise lists."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from zhiliang.core.testing import xlsx as sheets
from zhiliang.enterprises.models import Enterprise
from zhiliang.enterprises.uscc import make_uscc
from zhiliang.imports import services
from zhiliang.imports.choices import ImportStatus
from zhiliang.imports.reading import FileProblem
from zhiliang.imports.selectors import import_rejected_xlsx

HEADERS = [
    "统一社会信用代码",
    "企业名称",
    "区划代码",
    "行业代码",
    "企业规模",
    "成立日期",
    "登记状态",
]


def row(n, region="320412001", **over):
    values = {
        "uscc": make_uscc(region[:6], f"MPA{n:05d}"),
        "name": f"常州导入{n}号有限公司",
        "region": region,
        "industry": "34",
        "size": "小型",
        "date": "2015/3/8",
        "status": "存续",
    }
    values.update(over)
    return [values[k] for k in ("uscc", "name", "region", "industry", "size", "date", "status")]


def xlsx(rows, headers=HEADERS, merge=None, title=None):
    return sheets.xlsx(headers, rows, merge=merge, title=title)


def upload(user, content: bytes, name="list.xlsx"):
    return sheets.upload(user, "enterprises", content, name)


def run(user, content, name="list.xlsx"):
    return sheets.validate(user, "enterprises", content, name)


def test_good_file_imports_every_row_with_history(clerk):
    batch = run(clerk, xlsx([row(i) for i in range(5)]))
    assert batch.mapping == [
        "uscc",
        "name",
        "region_code",
        "industry_code",
        "size_class",
        "established_on",
        "status",
    ]
    assert (batch.total_rows, batch.valid_rows, batch.rejected_rows) == (5, 5, 0)
    assert Enterprise.objects.count() == 0  # nothing before the confirmation
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED and batch.created_count == 5
    e = Enterprise.objects.get(name="常州导入0号有限公司")
    assert (e.size_class, e.status, e.established_on.isoformat()) == (
        "small",
        "active",
        "2015-03-08",
    )
    assert e.history.get().history_user == clerk


def test_english_headers_and_csv_in_gbk(clerk):
    text = "USCC,Enterprise name,Region,Industry\n" + "\n".join(
        ",".join(row(i)[:4]) for i in range(3)
    )
    batch = run(clerk, text.encode("gb18030"), "list.csv")
    assert batch.file_format == "csv" and batch.valid_rows == 3


@pytest.mark.parametrize(
    "content, name, fragment",
    [
        (b"%PDF-1.7\n...", "list.xlsx", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "list.xls", ".xls"),
        (b"", "list.xlsx", "empty"),
        (b"   \n  ", "list.csv", "empty"),
        (b"PK\x03\x04garbage-not-a-zip", "list.xlsx", "damaged"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "list.csv", "not a spreadsheet"),
    ],
)
def test_wrong_or_broken_files_are_refused(clerk, content, name, fragment):
    with pytest.raises(FileProblem) as exc:
        upload(clerk, content, name)
    assert fragment.lower() in exc.value.message.lower()


def test_a_word_document_renamed_xlsx_is_refused(clerk):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(FileProblem) as exc:
        upload(clerk, buf.getvalue())
    assert "xlsx" in exc.value.message


def test_header_only_file_is_refused(clerk):
    with pytest.raises(FileProblem) as exc:
        upload(clerk, xlsx([]))
    assert "no data rows" in exc.value.message


def test_file_over_the_size_limit_is_refused(clerk, settings):
    settings.ZHILIANG_IMPORT_MAX_BYTES = 1000
    with pytest.raises(FileProblem) as exc:
        upload(clerk, xlsx([row(i) for i in range(50)]))
    assert "limit" in exc.value.message


def test_merged_header_cells_are_refused(clerk):
    with pytest.raises(FileProblem) as exc:
        upload(clerk, xlsx([row(1)], merge="A1:B1"))
    assert "A1:B1" in exc.value.message
    with pytest.raises(FileProblem):
        upload(clerk, xlsx([row(1)], title="常州市企业名录", merge="A1:G1"))


def test_missing_required_column_is_named(clerk):
    batch = upload(
        clerk, xlsx([r[:1] + r[2:] for r in [row(1)]], headers=HEADERS[:1] + HEADERS[2:])
    )
    with pytest.raises(ValidationError) as exc:
        services.import_validate(actor=clerk, batch=batch)
    assert "name" in str(exc.value)
    with pytest.raises(ValidationError):
        services.import_set_mapping(
            actor=clerk, batch=batch, mapping=["uscc", "", "", "", "", "", ""][:6]
        )


def test_row_errors_are_reported_and_only_valid_rows_import(clerk, make_enterprise):
    existing = make_enterprise("320412001")
    dup = row(2)
    rows = [
        row(1),
        dup,
        dup,  # the same USCC twice in the file
        row(3, uscc=existing.uscc),  # already registered
        row(4, region="999999"),  # no such region
        row(5, region="320411002"),  # 新北区: outside a 武进 clerk's jurisdiction
        row(6, uscc=row(6)[0][:-1] + ("0" if row(6)[0][-1] != "0" else "1")),  # bad check char
        row(7, date="2023-02-30"),  # impossible date
        row(8, industry="C99"),  # not in the catalogue
        row(9, status="冻结"),  # not a status
    ]
    batch = run(clerk, xlsx(rows))
    assert (batch.total_rows, batch.valid_rows, batch.rejected_rows) == (10, 2, 8)
    errors = {r.number: " ".join(r.errors) for r in batch.rows.filter(is_valid=False)}
    # The first of the two keeps the USCC; the copy is rejected naming its row.
    assert 3 not in errors and "repeats row 3" in errors[4]
    assert "already registered" in errors[5]
    assert "999999" in errors[6]
    assert "outside your jurisdiction" in errors[7]
    assert "check character" in errors[8]
    assert "Not a valid date" in errors[9]
    assert "C99" in errors[10]
    assert "冻结" in errors[11] or "valid choice" in errors[11]
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.created_count == 2 and Enterprise.objects.count() == 3
    with import_rejected_xlsx(batch=batch, reason_header="原因") as tmp:
        sheet = load_workbook(tmp.name).active
        lines = list(sheet.iter_rows(values_only=True))
    assert lines[0][-2:] == ("原因", "#") and len(lines) == 9
    assert "already registered" in lines[2][-2]


def _half_then_fail(actor, rows):
    from zhiliang.enterprises import importers

    importers.enterprise_bulk_create(actor=actor, rows=rows[:2])
    raise RuntimeError("disk full")


def _staged_then_fail(actor, staged, keys):
    from zhiliang.enterprises import importers

    importers.enterprise_bulk_create_staged(actor=actor, staged=staged, usccs=keys)
    raise RuntimeError("disk full")


# Both ways a spec commits: rows fetched and handed over, or read where they are staged.
FAILING_COMMITS = [
    pytest.param({"commit": _half_then_fail, "commit_staged": None}, id="fetched"),
    pytest.param({"commit_staged": _staged_then_fail}, id="staged"),
]


@pytest.mark.parametrize("replaced", FAILING_COMMITS)
def test_commit_is_all_or_nothing(clerk, monkeypatch, replaced):
    batch = run(clerk, xlsx([row(i) for i in range(4)]))
    from zhiliang.enterprises import importers

    monkeypatch.setattr(
        "zhiliang.imports.services.committing.get_spec",
        lambda kind: __import__("dataclasses").replace(importers.ENTERPRISE_IMPORT, **replaced),
    )
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.FAILED and "nothing was imported" in batch.message
    assert Enterprise.objects.count() == 0
    assert not Enterprise.history.exists()


def test_both_commits_store_the_same_enterprises(clerk, monkeypatch):
    """The staged commit (the database reads the checked JSON) writes what the fetched one
    (rows through Python) writes: every column and default, in file order, with history."""
    from zhiliang.enterprises import importers

    content = xlsx([row(1), row(2, size="", status="注销"), row(3, date="")])
    stored = {}
    for staged in (False, True):
        spec = __import__("dataclasses").replace(
            importers.ENTERPRISE_IMPORT,
            commit_staged=importers.ENTERPRISE_IMPORT.commit_staged if staged else None,
        )
        monkeypatch.setattr("zhiliang.imports.services.committing.get_spec", lambda kind, s=spec: s)
        batch = services.import_commit(actor=clerk, batch=run(clerk, content))
        assert batch.status == ImportStatus.COMMITTED and batch.created_count == 3
        rows = list(Enterprise.objects.order_by("id").values())
        assert [e["uscc"] for e in rows] == [row(i)[0] for i in (1, 2, 3)]  # file order
        assert all(e["created_at"] == e["updated_at"] for e in rows)
        history = Enterprise.history.filter(history_type="+", history_user=clerk)
        assert sorted(history.values_list("uscc", flat=True)) == sorted(e["uscc"] for e in rows)
        stored[staged] = [{k: v for k, v in e.items() if k not in VOLATILE} for e in rows]
        Enterprise.history.all().delete()
        Enterprise.objects.all().delete()
    assert stored[True] == stored[False]
    assert stored[True][1]["size_class"] == "" and stored[True][2]["established_on"] is None


VOLATILE = ("id", "created_at", "updated_at")


def test_commit_rechecks_rows_against_the_registry(clerk, make_enterprise):
    batch = run(clerk, xlsx([row(1), row(2)]))
    Enterprise.objects.create(
        uscc=row(2)[0],
        name="抢先登记",
        region=clerk.jurisdiction,
        industry_id=Enterprise._meta.get_field("industry").related_model.objects.get(code="34").pk,
    )
    batch = services.import_commit(actor=clerk, batch=batch)
    assert (
        batch.created_count == 1 and batch.rejected_rows == 1 and "became invalid" in batch.message
    )
    assert "registered after this file was checked" in batch.rows.get(is_valid=False).errors[0]


def test_only_the_uploader_jurisdiction_sees_the_batch(clerk, make_user):
    batch = upload(clerk, xlsx([row(1)]))
    outsider = make_user("office_staff", "320411")
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    with pytest.raises(Http404):  # answered as a batch that does not exist
        services.import_validate(actor=outsider, batch=batch)
    viewer = make_user("viewer", "320412")
    with pytest.raises(PermissionDenied):
        upload(viewer, xlsx([row(1)]))


def test_a_database_error_in_the_commit_is_told_as_a_sentence_not_raw(clerk, monkeypatch, caplog):
    """A real constraint violation (the same rows inserted twice) fails the import with a
    clear sentence; the database's own text (constraint, table, values) is only logged."""
    batch = run(clerk, xlsx([row(i) for i in range(2)]))
    from zhiliang.enterprises import importers

    def twice(actor, staged, keys):
        importers.enterprise_bulk_create_staged(actor=actor, staged=staged, usccs=keys)
        return importers.enterprise_bulk_create_staged(actor=actor, staged=staged, usccs=keys)

    monkeypatch.setattr(
        "zhiliang.imports.services.committing.get_spec",
        lambda kind: __import__("dataclasses").replace(
            importers.ENTERPRISE_IMPORT, commit_staged=twice
        ),
    )
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.FAILED and "nothing was imported" in batch.message
    assert "database refused the change" in batch.message
    for raw in ("UNIQUE", "unique", "duplicate", "enterprises_enterprise", "uscc", "Key ("):
        assert raw not in batch.message
    assert Enterprise.objects.count() == 0
    assert any("enterprise" in r.getMessage() or r.exc_info for r in caplog.records)
