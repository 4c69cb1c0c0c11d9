"""Lab sheets through the staged importer: each bad row named, verdicts computed."""

from datetime import date

from zhiliang.core.models import Region
from zhiliang.core.testing.xlsx import rows_like, xlsx
from zhiliang.core.testing.xlsx import validate as run
from zhiliang.imports import services
from zhiliang.imports.choices import ImportStatus
from zhiliang.metrology import services as metrology
from zhiliang.metrology.models import Check

HEADERS = ["专项编号", "检验编号", "统一社会信用代码", "区划代码", "检验日期", "商品名称",
           "标注净含量", "单位", "批量", "实际含量"]  # fmt: skip
GOOD = "498 502 495 501 499 503 497 500 496 504"


def test_lab_sheet_rows_are_checked_one_by_one(clerk, make_enterprise):
    metrology.campaign_create(actor=clerk, data={
        "code": "JL2025-01", "name": "净含量", "subject": "net_content",
        "region": Region.objects.get(code="320412"), "starts_on": date(2025, 4, 1),
        "ends_on": date(2025, 11, 30)})  # fmt: skip
    firm, theirs = make_enterprise("320412001"), make_enterprise("320411002")
    r = rows_like(["JL2025-01", "", firm.uscc, "", "2025/5/6", "大米", "500", "g", "30", GOOD], 1)

    rows = [
        r("OK"),
        r("SHORT", c9="484 502 495 501 499 503 497 500 496 504"),
        r("FEW", c9="498 502 495"),
        r("TEXT", c9="498 五百 495"),
        r("UNIT", c7="斤"),
        r("OUTSIDE", c2=theirs.uscc),
        r("CAMPAIGN", c0="JL1999-09"),
        r("TWICE"),
        r("TWICE"),
    ]
    batch = run(clerk, "metrology_checks", xlsx(HEADERS, rows))
    assert batch.status == ImportStatus.VALIDATED, batch.message
    verdicts = {row.values[1]: row.errors for row in batch.rows.all()}
    assert verdicts["OK"] == [] and verdicts["SHORT"] == []
    for name in ("FEW", "TEXT", "UNIT", "OUTSIDE", "CAMPAIGN"):
        assert len(verdicts[name]) == 1, (name, verdicts[name])
    assert "五百" in verdicts["TEXT"][0]
    assert "repeats row" in batch.rows.filter(values__1="TWICE").last().errors[0]
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED, batch.message
    checks = {c.number: c for c in Check.objects.all()}
    assert sorted(checks) == ["OK", "SHORT", "TWICE"]
    assert (checks["OK"].verdict, checks["SHORT"].verdict) == ("pass", "fail")
    assert checks["SHORT"].beyond_t == 1 and checks["OK"].region == firm.region
    assert checks["OK"].history.count() == 1
