"""Laboratory result sheets through the staged importer: good rows, bad rows, all or none."""

import io

import pytest

from zhiliang.core.testing.xlsx import reasons, validate, xlsx
from zhiliang.imports import services
from zhiliang.imports.choices import ImportStatus
from zhiliang.imports.registry import register
from zhiliang.inspections import models
from zhiliang.inspections.importers import SAMPLE_IMPORT, split_items

HEADERS = [
    "样品编号",
    "抽查计划",
    "统一社会信用代码",
    "产品名称",
    "商标",
    "规格型号",
    "抽样日期",
    "报告日期",
    "检验结论",
    "检验项目",
    "不合格项目",
]


@pytest.fixture(autouse=True)
def _registered():
    register(SAMPLE_IMPORT)


@pytest.fixture
def sheet(make_plan, make_enterprise, products):
    plan = make_plan()
    firms = [make_enterprise("320412"), make_enterprise("320411")]
    product = products["first"]

    def row(n, **over):
        values = {
            "number": f"LAB2025-{n:04d}",
            "plan": str(plan.pk),
            "uscc": firms[n % 2].uscc,
            "product": product.code,
            "brand": "星牌",
            "model": "BCD-200",
            "sampled": "2025/5/6",
            "tested": "2025年5月20日",
            "verdict": "合格",
            "items": "标识、能效等级；噪声",
            "failed": "",
        }
        values.update(over)
        return list(values.values())

    row.xlsx = lambda rows: xlsx(HEADERS, rows)
    row.plan, row.firms, row.product = plan, firms, product
    return row


def run(user, content):
    return validate(user, "samples", content, "results.xlsx")


def test_split_items():
    assert split_items("铅、镉；标签,铅\n 噪声 ") == ["铅", "镉", "标签", "噪声"]
    assert split_items("无") == [] and split_items("") == []


def test_good_sheet_records_samples_with_items_after_confirmation(office, sheet):
    content = sheet.xlsx(
        [
            sheet(1),
            sheet(2, verdict="不合格", failed="噪声"),
            sheet(3, verdict="不合格", items="标识", failed="铅含量"),
        ]
    )
    batch = run(office, content)
    assert batch.mapping[:4] == ["sample_number", "plan", "uscc", "product"]
    assert (batch.valid_rows, batch.rejected_rows) == (3, 0), reasons(batch)
    assert not models.Sample.objects.exists()  # nothing before the confirmation
    batch = services.import_commit(actor=office, batch=batch)
    assert batch.status == ImportStatus.COMMITTED and batch.created_count == 3
    s1, s2, s3 = models.Sample.objects.order_by("sample_number")
    assert (s1.verdict, s2.verdict, s3.verdict) == ("pass", "fail", "fail")
    assert s1.enterprise == sheet.firms[1] and s1.region == sheet.firms[1].region
    assert s1.sampled_on.isoformat() == "2025-05-06" and s1.tested_on.isoformat() == "2025-05-20"
    assert list(s2.test_items.values_list("item", "verdict")) == [
        ("标识", "pass"),
        ("能效等级", "pass"),
        ("噪声", "fail"),
    ]
    # A failed item not listed among the tested ones is added to them.
    assert list(s3.test_items.values_list("item", "verdict")) == [
        ("标识", "pass"),
        ("铅含量", "fail"),
    ]
    assert s1.history.first().history_user == office


def test_bad_rows_are_rejected_with_their_reasons_and_nothing_is_saved(
    office, sheet, make_enterprise, make_sample
):
    make_sample(sheet.plan, sheet.firms[0], sample_number="LAB2025-0009")
    outside = make_enterprise("320106")  # 南京 — not in the office's jurisdiction
    rows = [
        sheet(1),  # good
        sheet(2, uscc="91320412MA1XXXXX0X"),  # not a registered enterprise
        sheet(3, uscc=outside.uscc),  # registered, but outside the jurisdiction
        sheet(4, sampled="2025-02-30"),  # no such day
        sheet(5, sampled="2099-01-05", tested=""),  # in the future
        sheet(6),
        sheet(6),  # the same number twice in the file
        sheet(9),  # registered already
        sheet(10, verdict="合格", failed="噪声"),  # pass with a failed item
        sheet(11, verdict="不合格"),  # fail without a failed item
        sheet(12, verdict="待定"),  # not a verdict
        sheet(13, tested="2025-05-01"),  # report before sampling
        sheet(14, product="不存在的产品"),
        sheet(15, plan="没有的计划"),
    ]
    batch = run(office, sheet.xlsx(rows))
    why = reasons(batch)
    assert batch.valid_rows == 2 and batch.rejected_rows == 12
    # Row numbers count the header as row 1.
    assert "No enterprise with USCC" in why[3]
    assert "No enterprise with USCC" in why[4]
    assert "Not a valid date" in why[5]
    assert "in the future" in why[6]
    assert 7 not in why and "repeats row 7" in why[8]  # the first of the two is kept
    assert "registered already" in why[9]
    assert "items failed: 噪声" in why[10]
    assert "no failed item" in why[11]
    assert "合格 or 不合格" in why[12]
    assert "precedes the sampling date" in why[13]
    assert "Unknown product" in why[14]
    assert "No open sampling plan" in why[15]
    assert models.Sample.objects.count() == 1  # only the one made before
    # The user may commit the good rows; the rejected ones stay out.
    batch = services.import_commit(actor=office, batch=batch)
    assert batch.created_count == 2
    assert set(models.Sample.objects.values_list("sample_number", flat=True)) == {
        "LAB2025-0009",
        "LAB2025-0001",
        "LAB2025-0006",
    }


def test_a_failure_while_saving_leaves_nothing_behind(office, sheet, monkeypatch):
    from zhiliang.inspections import importers

    batch = run(office, sheet.xlsx([sheet(1), sheet(2), sheet(3)]))
    assert batch.valid_rows == 3
    calls = {"n": 0}
    real = importers.services.sample_record

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(importers.services, "sample_record", flaky)
    batch = services.import_commit(actor=office, batch=batch)
    assert batch.status == ImportStatus.FAILED and "nothing was imported" in batch.message
    assert not models.Sample.objects.exists() and not models.TestItem.objects.exists()


def test_a_sample_number_taken_after_the_check_is_left_out(office, sheet, make_sample):
    batch = run(office, sheet.xlsx([sheet(1), sheet(2)]))
    make_sample(sheet.plan, sheet.firms[0], sample_number="LAB2025-0002")
    batch = services.import_commit(actor=office, batch=batch)
    assert batch.created_count == 1 and "became invalid" in batch.message


def test_a_district_inspector_may_not_import_and_a_district_office_sees_only_its_firms(
    make_user, sheet
):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(make_user("viewer", "3204"), sheet.xlsx([sheet(1)]))
    # 武进区's office: the city plan is open to it, but 新北区's enterprise is not.
    district = make_user("office_staff", "320412")
    batch = run(district, sheet.xlsx([sheet(1), sheet(2)]))
    why = reasons(batch)
    assert batch.valid_rows == 1 and "No enterprise with USCC" in why[2]


def test_the_template_sheet_imports_once_its_example_is_made_real(client, office, sheet):
    from openpyxl import load_workbook

    from zhiliang.conftest import PASSWORD

    client.login(username=office.username, password=PASSWORD)
    response = client.get("/sampling/samples/lab-results.xlsx")
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = wb.active
    header = [c.value for c in ws[1]]
    # Fill the example row with a real plan and enterprise; every column is recognised.
    ws.cell(2, header.index("抽查计划") + 1, str(sheet.plan.pk))
    ws.cell(2, header.index("统一社会信用代码") + 1, sheet.firms[0].uscc)
    buf = io.BytesIO()
    wb.save(buf)
    batch = run(office, buf.getvalue())
    assert "" not in batch.mapping and batch.valid_rows == 1, reasons(batch)
