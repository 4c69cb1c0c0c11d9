"""A standards list and an enterprise-standards sheet through the staged importer: each bad
row named (wrong format, impossible dates, duplicates, unknown enterprise or product),
nothing half imported."""

from datetime import date

from zhiliang.core.testing.xlsx import validate as run
from zhiliang.core.testing.xlsx import xlsx
from zhiliang.enterprises.models import EnterpriseProduct, Product
from zhiliang.imports import services
from zhiliang.imports.choices import ImportStatus
from zhiliang.standards.models import EnterpriseStandard, Standard

HEADERS = ["标准号", "标准名称", "标准级别", "发布日期", "实施日期"]


def test_a_standards_list_is_checked_row_by_row(office):
    Standard.objects.create(
        number="GB/T 1-2020", title="已登记", level="national",
        issued_on=date(2020, 1, 1), implemented_on=date(2020, 1, 1),
    )  # fmt: skip
    rows = [
        ["GB/T 19580—2012", "卓越绩效评价准则", "国家标准", "2012/3/9", "2012/8/1"],
        ["DB3204/T 1001-2021", "质量强市建设评价规范", "", "2021-09-01", "2021-10-01"],
        ["GB4706 2005", "格式错误", "国家标准", "2005-08-26", "2006-08-01"],
        ["GB/T 2-2020", "日期颠倒", "", "2020-05-01", "2020-01-01"],
        ["GB/T 1-2020", "已登记", "", "2020-01-01", "2020-01-01"],
        ["GB/T 19580-2012", "同一文件重复", "", "2012-03-09", "2012-08-01"],
        ["DB9999/T 1-2020", "无此区划", "地方标准", "2020-01-01", "2020-01-01"],
    ]
    batch = run(office, "standards", xlsx(HEADERS, rows))
    assert batch.status == ImportStatus.VALIDATED, batch.message
    errors = {row.values[1]: row.errors for row in batch.rows.all()}
    assert errors["卓越绩效评价准则"] == [] and errors["质量强市建设评价规范"] == []
    assert "GB/T 19580-2012" in errors["格式错误"][0]  # the expected pattern, by example
    assert "implemented on or after" in errors["日期颠倒"][0]
    assert "already registered" in errors["已登记"][0]
    assert "repeats row" in errors["同一文件重复"][0]
    assert "9999" in errors["无此区划"][0]
    batch = services.import_commit(actor=office, batch=batch)
    assert batch.status == ImportStatus.COMMITTED, batch.message
    local = Standard.objects.get(number="DB3204/T 1001-2021")
    assert (local.level, local.region.code, local.review_due_on) == ("local", "3204",
                                                                     date(2026, 9, 1))  # fmt: skip
    assert Standard.objects.get(number="GB/T 19580-2012").reviews.count() == 1
    assert local.history.count() == 1


def test_an_enterprise_standards_sheet_is_checked_row_by_row(clerk, kettle_maker, gb4706,
                                                            make_enterprise):  # fmt: skip
    theirs = make_enterprise("320411")
    EnterpriseProduct.objects.create(enterprise=theirs, product=Product.objects.get(code="0107"))
    headers = [
        "统一社会信用代码", "产品代码", "执行标准", "自我声明公开日期", "公开的指标及检验方法",
    ]  # fmt: skip
    good = (
        "泄漏电流：第13章；电气强度：第16章；接地电阻：第27章；发热：第11章；输入功率和电流：第10章"
    )
    rows = [
        [kettle_maker.uscc, "0107", "GB 4706.1—2005", "2025/3/1", good],
        [kettle_maker.uscc, "0101", "GB 4706.1-2005", "", ""],
        [theirs.uscc, "0107", "GB 4706.1-2005", "", ""],
        [kettle_maker.uscc, "9999", "GB 4706.1-2005", "", ""],
        [kettle_maker.uscc, "0107", "GB 9999-2099", "", ""],
        [kettle_maker.uscc, "0107", "GB 4706.1-2005", "", ""],
    ]
    batch = run(clerk, "enterprise_standards", xlsx(headers, rows))
    assert batch.status == ImportStatus.VALIDATED, batch.message
    errors = [row.errors for row in batch.rows.order_by("number")]
    assert errors[0] == []
    assert "does not make" in errors[1][0]
    assert "No enterprise with USCC" in errors[2][0]
    assert "no product with code 9999" in errors[3][0]
    assert "No standard numbered GB 9999-2099" in errors[4][0]
    assert "repeats row" in errors[5][0]
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED, batch.message
    applied = EnterpriseStandard.objects.get()
    assert applied.complete and applied.made.enterprise == kettle_maker
    assert applied.region == kettle_maker.region and applied.history.count() == 1
