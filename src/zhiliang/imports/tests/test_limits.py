"""Upload limits: zip bombs, oversized sheets and cells are refused before parsing,
with a message naming the limit; nothing is staged."""

import io
import struct
import zipfile

import pytest
import python_calamine

from zhiliang.core import uploads
from zhiliang.core.testing import xlsx as sheets
from zhiliang.imports.models import ImportBatch
from zhiliang.imports.reading import FileProblem, read_table

HEADERS = ["统一社会信用代码", "企业名称", "区划代码", "行业代码"]
GB = 1024**3


@pytest.fixture
def parser_calls(monkeypatch):
    """Every time the workbook parser is asked to open a file."""
    calls = []
    real = python_calamine.CalamineWorkbook.from_path

    def spy(path, *args, **kwargs):
        calls.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", spy)
    return calls


def workbook(rows=(("91320412MA1XXXXXX1", "常州甲公司", "320412001", "34"),)) -> bytes:
    return sheets.xlsx(HEADERS, rows)


def rewrite(content: bytes, name: str, change) -> bytes:
    """The same archive with one part's bytes changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, change(data) if info.filename == name else data)
    return out.getvalue()


def with_part(content: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO(content)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, data)
    return out.getvalue()


def forge_size(content: bytes, name: str, size: int) -> bytes:
    """Write `size` as the part's unpacked size in the central directory and local header:
    the archive claims what it likes, nothing that large is ever made."""
    data = bytearray(content)
    encoded = name.encode()
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) != -1:  # central directory entries
        n = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46 : pos + 46 + n] == encoded:
            struct.pack_into("<I", data, pos + 24, size)
            local = struct.unpack_from("<I", data, pos + 42)[0]
            struct.pack_into("<I", data, local + 22, size)
        pos += 4
    return bytes(data)


def upload(user, content: bytes, name="list.xlsx"):
    return sheets.upload(user, "enterprises", content, name)


def refused(user, content, name="list.xlsx") -> str:
    with pytest.raises(FileProblem) as exc:
        upload(user, content, name)
    assert ImportBatch.objects.count() == 0  # nothing staged
    return exc.value.message


def test_a_workbook_that_claims_gigabytes_is_refused_unparsed(clerk, parser_calls):
    bomb = forge_size(workbook(), "xl/worksheets/sheet1.xml", int(1.1 * GB))
    assert len(bomb) < 10_000
    message = refused(clerk, bomb)
    assert message == "The file unpacks to more than 200 MB."
    assert parser_calls == []


def test_a_part_of_zeros_is_refused_by_its_size_then_by_its_ratio(clerk, parser_calls, settings):
    zeros = with_part(workbook(), "xl/media/zeros.bin", bytes(3 * 1024 * 1024))
    assert len(zeros) < 50_000
    settings.ZHILIANG_UPLOAD_MAX_MEMBER_BYTES = 2 * 1024 * 1024
    assert refused(clerk, zeros) == "A part of the file unpacks to more than 2 MB."
    settings.ZHILIANG_UPLOAD_MAX_MEMBER_BYTES = 150 * 1024 * 1024
    assert "compressed more than 100 times" in refused(clerk, zeros)
    assert parser_calls == []


def test_a_part_that_understates_its_size_is_caught_while_counting(clerk, parser_calls, settings):
    settings.ZHILIANG_UPLOAD_MAX_RATIO = 10**6
    zeros = with_part(workbook(), "xl/media/zeros.bin", bytes(3 * 1024 * 1024))
    liar = forge_size(zeros, "xl/media/zeros.bin", 1000)
    assert "damaged" in refused(clerk, liar)
    assert parser_calls == []


def test_a_sheet_declaring_too_many_rows_or_columns_is_refused_unparsed(clerk, parser_calls):
    def dimension(ref):
        return lambda xml: xml.replace(
            b'<dimension ref="A1:D2"/>', f'<dimension ref="{ref}"/>'.encode()
        )

    rows = rewrite(workbook(), "xl/worksheets/sheet1.xml", dimension("A1:D400000"))
    assert refused(clerk, rows) == (
        "The sheet has more than 300,000 rows; split it and upload the parts."
    )
    columns = rewrite(workbook(), "xl/worksheets/sheet1.xml", dimension("A1:ZZ2"))
    assert refused(clerk, columns) == "The sheet has more than 200 columns."
    assert parser_calls == []


def test_rows_and_long_cells_are_counted_while_reading(clerk, settings, tmp_path):
    settings.ZHILIANG_IMPORT_MAX_ROWS = 3
    settings.ZHILIANG_IMPORT_MAX_CELL_CHARS = 20
    many = [("91320412MA1XXXXXX1", f"公司{i}", "320412001", "34") for i in range(5)]
    # The sheet says it has two rows; the rows really there are what count.
    lying = rewrite(
        workbook(many),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'<dimension ref="A1:D6"/>', b'<dimension ref="A1:D2"/>'),
    )
    assert refused(clerk, lying) == (
        "The sheet has more than 3 rows; split it and upload the parts."
    )
    # A CSV is read as it streams (the validation step reads it to the end).
    path = tmp_path / "list.csv"
    path.write_text("\n".join(",".join(r) for r in [HEADERS, *many]), encoding="utf-8")
    _n, _headers, rows = read_table(path, "csv")
    with pytest.raises(FileProblem) as exc:
        list(rows)
    assert "more than 3 rows" in exc.value.message
    settings.ZHILIANG_IMPORT_MAX_ROWS = 300_000
    long = [("91320412MA1XXXXXX1", "常" * 21, "320412001", "34")]
    assert refused(clerk, workbook(long)) == "Row 2, column 2 holds more than 20 characters."


def test_a_good_workbook_passes(clerk):
    batch = upload(clerk, workbook())
    assert batch.headers == HEADERS


def test_zip_check_rewinds_the_file():
    buf = io.BytesIO(workbook())
    uploads.zip_check(buf)
    assert buf.tell() == 0


def test_the_clerk_reads_the_limit_in_chinese(clerk, parser_calls):
    from django.utils import translation

    bomb = forge_size(workbook(), "xl/worksheets/sheet1.xml", int(1.1 * GB))
    with translation.override("zh-hans"):
        assert refused(clerk, bomb) == "文件解压后超过 200 MB。"
    assert parser_calls == []
