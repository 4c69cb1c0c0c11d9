"""Certificate and instrument lists through the staged importer: bad rows are named."""

from datetime import date

import pytest

from zhiliang.core.testing.xlsx import validate as run
from zhiliang.core.testing.xlsx import xlsx
from zhiliang.imports import services
from zhiliang.imports.choices import ImportStatus
from zhiliang.licensing.models import Certificate, Instrument, Verification

CERT_HEADERS = [
    "证书类型",
    "证书编号",
    "统一社会信用代码",
    "产品代码",
    "发证日期",
    "有效期至",
    "证书状态",
]


def test_certificate_file_rows_are_checked_one_by_one(
    clerk, make_enterprise, make_certificate, ccc_product
):
    mine = make_enterprise("320412001")
    theirs = make_enterprise("320411002")
    make_certificate(mine, number="TAKEN-1")
    rows = [
        ["CCC", "OK-1", mine.uscc, ccc_product.code, "2024/3/1", "2029年2月28日", "有效"],
        ["质量管理体系", "OK-2", mine.uscc, "", "2024-03-01", "2027-02-28", ""],
        ["CCX", "BAD-KIND", mine.uscc, "", "2024-03-01", "2029-02-28", ""],
        ["CCC", "BAD-PRODUCT", mine.uscc, "0101、9999", "2024-03-01", "2029-02-28", ""],
        ["CCC", "BAD-DATES", mine.uscc, "", "2024-03-01", "2024-02-01", ""],
        ["CCC", "TOO-LONG", mine.uscc, "", "2024-03-01", "2030-03-01", ""],
        ["CCC", "FUTURE", mine.uscc, "", "2999-03-01", "3000-02-28", ""],
        ["CCC", "TAKEN-1", mine.uscc, "", "2024-03-01", "2029-02-28", ""],
        ["CCC", "TWICE", mine.uscc, "", "2024-03-01", "2029-02-28", ""],
        ["CCC", "TWICE", mine.uscc, "", "2024-03-01", "2029-02-28", ""],
        ["质量管理体系", "TWICE", mine.uscc, "", "2024-03-01", "2027-02-28", ""],
        ["CCC", "BAD-USCC", "91320412ABCDEFGHIJ", "", "2024-03-01", "2029-02-28", ""],
        ["CCC", "UNKNOWN", "91320412MA1X2Y3Z4K", "", "2024-03-01", "2029-02-28", ""],
        ["CCC", "OUTSIDE", theirs.uscc, "", "2024-03-01", "2029-02-28", ""],
    ]
    batch = run(clerk, "certificates", xlsx(CERT_HEADERS, rows))
    assert batch.status == ImportStatus.VALIDATED, batch.message
    verdicts = {r.values[1]: r.errors for r in batch.rows.exclude(values__1="TWICE")}
    assert verdicts["OK-1"] == [] and verdicts["OK-2"] == []
    for number in ("BAD-KIND", "BAD-PRODUCT", "BAD-DATES", "TOO-LONG", "FUTURE", "TAKEN-1",
                   "BAD-USCC", "UNKNOWN", "OUTSIDE"):  # fmt: skip
        assert len(verdicts[number]) == 1, (number, verdicts[number])
    assert "CCX" in verdicts["BAD-KIND"][0]
    assert "9999" in verdicts["BAD-PRODUCT"][0] and "0101" not in verdicts["BAD-PRODUCT"][0]
    assert "2029-03-01" in verdicts["TOO-LONG"][0]
    # Another district's enterprise reads as one that is not registered.
    assert theirs.name not in verdicts["OUTSIDE"][0]
    assert "No enterprise with USCC" in verdicts["OUTSIDE"][0]
    # A number repeated for the same kind: the first row is kept, the copy names it; the
    # same number of another kind is another certificate.
    twice = {r.number: r.errors for r in batch.rows.filter(values__1="TWICE")}
    assert twice[10] == [] and twice[12] == []
    assert twice[11] == [
        "certificate number TWICE (ccc) repeats row 10 of this file; only the first is imported."
    ]
    assert batch.valid_rows == 4 and batch.rejected_rows == 10
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED and batch.created_count == 4
    ok = Certificate.objects.get(number="OK-1")
    assert ok.kind.code == "ccc" and list(ok.products.all()) == [ccc_product]
    assert ok.ended_on == date(2029, 3, 1) and ok.history.count() == 1
    assert Certificate.objects.get(number="OK-2").kind.code == "iso9001"


def test_certificate_commit_is_all_or_nothing_when_the_registry_changed(
    clerk, make_enterprise, make_certificate
):
    mine = make_enterprise("320412001")
    rows = [
        ["CCC", "LATE-1", mine.uscc, "", "2024-03-01", "2029-02-28", ""],
        ["CCC", "LATE-2", mine.uscc, "", "2024-03-01", "2029-02-28", ""],
    ]
    batch = run(clerk, "certificates", xlsx(CERT_HEADERS, rows))
    assert batch.valid_rows == 2
    make_certificate(mine, number="LATE-2")  # registered meanwhile
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.FAILED and "LATE-2" in batch.message
    assert not Certificate.objects.filter(number="LATE-1").exists()


INSTRUMENT_HEADERS = [
    "统一社会信用代码",
    "器具名称",
    "出厂编号",
    "启用日期",
    "检定日期",
    "检定结论",
]


def test_instrument_file_rows_are_checked(clerk, make_enterprise, make_instrument):
    mine = make_enterprise("320412001")
    theirs = make_enterprise("320411002")
    make_instrument(mine, "1101", serial="TAKEN")
    rows = [
        [mine.uscc, "燃油加油机", "JY-1", "2023-01-01", "2024-10-08", "合格"],
        [mine.uscc, "0601", "W-1", "2023-01-01", "2022-12-20", "合格"],
        [mine.uscc, "电子计价秤", "TAKEN", "2023-01-01", "2024-10-08", "合格"],
        [mine.uscc, "1101", "DUP", "2023-01-01", "", ""],
        [mine.uscc, "1101", "DUP", "2023-01-01", "", ""],
        [mine.uscc, "0601", "DUP", "2023-01-01", "", ""],
        [mine.uscc, "魔法秤", "M-1", "2023-01-01", "", ""],
        [mine.uscc, "1101", "FUTURE", "2999-01-01", "", ""],
        [mine.uscc, "1101", "HALF", "2023-01-01", "2024-01-01", ""],
        [theirs.uscc, "1101", "OUTSIDE", "2023-01-01", "", ""],
        ["123", "1101", "BAD-USCC", "2023-01-01", "", ""],
    ]
    batch = run(clerk, "instruments", xlsx(INSTRUMENT_HEADERS, rows))
    assert batch.status == ImportStatus.VALIDATED, batch.message
    valid = sorted(r.values[2] for r in batch.rows.filter(is_valid=True))
    # The serial repeated for the same owner and item: the first row (5) is kept, the copy
    # names it; the same serial on another item is another instrument.
    assert valid == ["DUP", "DUP", "JY-1", "W-1"]
    bad = {r.values[2]: r.errors for r in batch.rows.filter(is_valid=False)}
    assert set(bad) == {"TAKEN", "DUP", "M-1", "FUTURE", "HALF", "OUTSIDE", "BAD-USCC"}
    assert "魔法秤" in bad["M-1"][0]
    copy = batch.rows.get(is_valid=False, values__2="DUP")
    assert copy.number == 6 and len(copy.errors) == 1 and "repeats row 5" in copy.errors[0]
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED, batch.message
    dispenser = Instrument.objects.get(serial="JY-1")
    assert dispenser.category.code == "03" and dispenser.next_due_on == date(2025, 4, 8)
    water = Instrument.objects.get(serial="W-1")
    assert water.mode == "first_only" and water.next_due_on is None
    assert Verification.objects.filter(instrument__in=[dispenser, water]).count() == 2


def test_viewers_may_not_import(make_user, catalogues):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(make_user("viewer", "320412"), "certificates", xlsx(CERT_HEADERS, [["CCC"] * 7]))
