"""Laboratory result sheets through the staged importer: one row per test item, a sample's
rows taken together; good samples, bad ones rejected whole with their rows, all or none."""

import io

import pytest

from zhiliang.core.choices import OrganizationKind
from zhiliang.core.testing.xlsx import reasons, validate, xlsx
from zhiliang.imports import services
from zhiliang.imports.choices import ImportStatus
from zhiliang.imports.registry import register
from zhiliang.inspections import models
from zhiliang.inspections.importers import SAMPLE_IMPORT

HEADERS = [
    "样品编号", "抽查计划", "统一社会信用代码", "产品名称", "商标", "规格型号", "抽样日期",
    "报告日期", "检验机构", "检验结论", "检验项目", "检验依据", "条款", "标准要求", "实测值",
    "单位", "单项判定",
]  # fmt: skip
SAMPLE_COLUMNS = HEADERS.index("检验项目")
LAB = "常州市产品质量监督检验院"


@pytest.fixture(autouse=True)
def _registered():
    register(SAMPLE_IMPORT)


@pytest.fixture
def sheet(make_plan, make_enterprise, products, make_org):
    """`sheet(n, …)`: the first row of sample LAB2025-000n with one test item;
    `sheet.item(n, name, verdict, …)`: a further item's row, the sample columns left empty."""
    plan = make_plan()
    firms = [make_enterprise("320412"), make_enterprise("320411")]
    product = products["first"]
    lab = make_org("3204", LAB, kind=OrganizationKind.INSPECTION_BODY)

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
            "lab": LAB,
            "verdict": "合格",
            "item": "标识",
            "standard": "GB 4706.1-2005",
            "clause": "7.1",
            "requirement": "应符合标准要求",
            "measured": "符合",
            "unit": "",
            "item_verdict": "合格",
        }
        values.update(over)
        return list(values.values())

    def item(n, name, verdict, **over):
        cells = row(n, item=name, item_verdict=verdict, **over)
        given = {HEADERS.index(h) for h in ("样品编号",)}
        return [c if i in given or i >= SAMPLE_COLUMNS else "" for i, c in enumerate(cells)]

    row.item = item
    row.xlsx = lambda rows: xlsx(HEADERS, rows)
    row.plan, row.firms, row.product, row.lab = plan, firms, product, lab
    return row


def run(user, content):
    return validate(user, "samples", content, "results.xlsx")


def test_good_sheet_records_samples_with_structured_items_after_confirmation(office, sheet):
    noise = {"standard": "GB 4706.1", "clause": "11.8", "requirement": "≤ 45", "unit": "dB(A)"}
    content = sheet.xlsx(
        [
            sheet(1),
            sheet.item(1, "能效等级", "合格", standard="GB 12021.2"),
            sheet(2, verdict="不合格"),
            sheet.item(2, "噪声", "不合格", measured="48", **noise),
            # The stated verdict may be left out: the items decide it.
            sheet(3, verdict="", item="铅含量", item_verdict="不合格"),
            # Items not known yet: one row, the item columns empty; the sample stays pending.
            sheet(
                4,
                verdict="",
                item="",
                standard="",
                clause="",
                requirement="",
                measured="",
                item_verdict="",
            ),  # fmt: skip
            # A further row may repeat the sample's columns unchanged.
            sheet(3, verdict="", item="标识", item_verdict="待检"),
        ]
    )
    batch = run(office, content)
    assert "" not in batch.mapping
    assert (batch.valid_rows, batch.rejected_rows) == (7, 0), reasons(batch)
    assert not models.Sample.objects.exists()  # nothing before the confirmation
    batch = services.import_commit(actor=office, batch=batch)
    assert batch.status == ImportStatus.COMMITTED and batch.created_count == 7, batch.message
    s1, s2, s3, s4 = models.Sample.objects.order_by("sample_number")
    assert [s.verdict for s in (s1, s2, s3, s4)] == ["pass", "fail", "fail", "pending"]
    assert s1.enterprise == sheet.firms[1] and s1.region == sheet.firms[1].region
    assert s1.sampled_on.isoformat() == "2025-05-06" and s1.tested_on.isoformat() == "2025-05-20"
    assert s1.laboratory == sheet.lab and s2.laboratory == sheet.lab
    fields = ("item", "standard", "clause", "requirement", "measured_value", "unit", "verdict")
    assert list(s2.test_items.values_list(*fields, "order")) == [
        ("标识", "GB 4706.1-2005", "7.1", "应符合标准要求", "符合", "", "pass", 1),
        ("噪声", "GB 4706.1", "11.8", "≤ 45", "48", "dB(A)", "fail", 2),
    ]
    assert list(s3.test_items.values_list("item", "verdict")) == [
        ("铅含量", "fail"),
        ("标识", "pending"),
    ]
    assert not s4.test_items.exists()
    assert s1.history.first().history_user == office


def test_bad_samples_are_rejected_whole_with_their_rows_and_reasons(
    office, sheet, make_enterprise, make_sample
):
    make_sample(sheet.plan, sheet.firms[0], sample_number="LAB2025-0009")
    outside = make_enterprise("320106")  # 南京 — not in the office's jurisdiction
    rows = [
        sheet(1),  # row 2: good
        sheet.item(1, "能效等级", "合格"),  # row 3: good
        sheet(2, uscc="91320412MA1XXXXX0X"),  # row 4: not a registered enterprise
        sheet(3, uscc=outside.uscc),  # row 5: registered, but outside the jurisdiction
        sheet(4, sampled="2025-02-30"),  # row 6: no such day
        sheet(5, sampled="2099-01-05", tested=""),  # row 7: in the future
        sheet(9),  # row 8: registered already
        sheet(10),  # row 9: pass stated …
        sheet.item(10, "噪声", "不合格"),  # row 10: … but an item failed
        sheet(11, verdict="不合格"),  # row 11: fail stated, every item passed
        sheet(12, verdict="待定"),  # row 12: not a sample verdict
        sheet(13, item_verdict="通过"),  # row 13: not an item verdict
        sheet(14, item_verdict=""),  # row 14: an item without its verdict
        sheet(15, item="", item_verdict=""),  # row 15: item cells without the item's name
        sheet(16, item="", standard="", clause="", requirement="", measured="", item_verdict=""),
        # row 16 above: a verdict stated without any item
        sheet.item(0, "标识", "合格", number=""),  # row 17: an item of no sample
        sheet(18),  # row 18: good on its own …
        sheet.item(18, "噪声", "合格", measured="4" * 129),  # row 19: … a value too long
        sheet(20),  # row 20: its rows disagree on the enterprise
        sheet(20, uscc=sheet.firms[1].uscc, item="能效", item_verdict="合格"),  # row 21
        sheet(22, product="不存在的产品"),  # row 22
        sheet(23, plan="没有的计划"),  # row 23
        sheet(24, lab="南京市产品质量监督检验院"),  # row 24: a laboratory not to be named
        sheet(27, tested="2025-05-01"),  # row 25: the report precedes the sampling
        sheet(26),  # row 26: good
    ]
    batch = run(office, sheet.xlsx(rows))
    why = reasons(batch)
    # Row numbers count the header as row 1.
    assert set(why) == set(range(4, 26)), why
    assert batch.valid_rows == 3 and batch.rejected_rows == 22
    assert "No enterprise with USCC" in why[4] and "No enterprise with USCC" in why[5]
    assert "Not a valid date" in why[6]
    assert "in the future" in why[7]
    assert "registered already" in why[8]
    for row in (9, 10):  # both rows of the sample, each naming the failed item and its row
        assert "stated pass (合格) but its test items give fail (不合格)" in why[row]
        assert "噪声（10）" in why[row]
    assert "stated fail (不合格) but its test items give pass (合格)" in why[11]
    assert "合格 or 不合格" in why[12]
    assert "合格, 不合格 or 待检" in why[13] and "“通过”" in why[13]
    assert "Give the verdict of test item “标识”" in why[14]
    assert "the item has no name" in why[15]
    assert "lists no test item" in why[16]
    assert "names no sample" in why[17]
    assert "measured value" in why[19] and "128" in why[19]
    assert "LAB2025-0018 is not imported: row 19 has errors" in why[18]
    for row in (20, 21):
        assert "rows 20、21" in why[row] and "disagree" in why[row]
        assert sheet.firms[0].uscc in why[row] and sheet.firms[1].uscc in why[row]
    assert "Unknown product" in why[22]
    assert "No open sampling plan" in why[23]
    assert "No inspection body you may name" in why[24]
    assert "precedes the sampling date" in why[25]
    assert models.Sample.objects.count() == 1  # only the one made before
    # The user may commit the good samples; the rejected ones stay out.
    batch = services.import_commit(actor=office, batch=batch)
    assert batch.created_count == 3
    assert set(models.Sample.objects.values_list("sample_number", flat=True)) == {
        "LAB2025-0009", "LAB2025-0001", "LAB2025-0026",
    }  # fmt: skip
    assert models.Sample.objects.get(sample_number="LAB2025-0001").test_items.count() == 2


def test_a_sample_of_more_than_200_items_is_refused_with_its_rows(office, sheet):
    rows = [sheet(1)] + [sheet.item(1, f"项目{n}", "合格") for n in range(2, 202)]
    batch = run(office, sheet.xlsx(rows + [sheet(2)]))
    why = reasons(batch)
    assert batch.valid_rows == 1 and batch.rejected_rows == 201
    assert "has 201 test items (rows 2–202); a sample has at most 200" in why[2]
    assert why[2] == why[202]


def test_a_failure_while_saving_leaves_nothing_behind(office, sheet, monkeypatch):
    from zhiliang.inspections import importer_rows

    rows = [sheet(1), sheet.item(1, "噪声", "合格"), sheet(2), sheet(3)]
    batch = run(office, sheet.xlsx(rows))
    assert batch.valid_rows == 4
    calls = {"n": 0}
    real = importer_rows.services.sample_record

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(importer_rows.services, "sample_record", flaky)
    batch = services.import_commit(actor=office, batch=batch)
    assert batch.status == ImportStatus.FAILED and "nothing was imported" in batch.message
    assert not models.Sample.objects.exists() and not models.TestItem.objects.exists()


def test_a_sample_number_taken_after_the_check_is_left_out(office, sheet, make_sample):
    batch = run(office, sheet.xlsx([sheet(1), sheet(2), sheet.item(2, "噪声", "合格")]))
    make_sample(sheet.plan, sheet.firms[0], sample_number="LAB2025-0002")
    batch = services.import_commit(actor=office, batch=batch)
    assert batch.created_count == 1 and "became invalid" in batch.message
    assert batch.rejected_rows == 2


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


def test_the_result_sheet_offered_on_the_sample_list_imports_as_downloaded(client, office, sheet):
    from openpyxl import load_workbook

    from zhiliang.conftest import PASSWORD

    client.login(username=office.username, password=PASSWORD)
    response = client.get("/sampling/samples/lab-results.xlsx")
    content = b"".join(response.streaming_content)
    data, about = load_workbook(io.BytesIO(content)).worksheets
    header = [c.value for c in data[1]]
    assert "检验项目" in header and "单项判定" in header and "实测值" in header
    # Two rows of one sample: its columns on the first, the second only a further item.
    first, second = ([c.value for c in r] for r in data.iter_rows(min_row=2))
    assert first[0] == second[0] and second[1] is None
    notes = " ".join(str(r[0].value) for r in about.iter_rows(max_row=4))
    assert "检验项目" in notes
    batch = run(office, content)
    assert "" not in batch.mapping and batch.valid_rows == 2, reasons(batch)
    services.import_commit(actor=office, batch=batch)
    sample = models.Sample.objects.get()
    assert sample.test_items.count() == 2 and sample.verdict == "pass"
    assert sample.laboratory == sheet.lab
