"""Foreign notifications through the staged importer: each bad row named, all or nothing."""

from django.utils import timezone

from zhiliang.core.testing.xlsx import example_batch, rows_like, xlsx
from zhiliang.core.testing.xlsx import validate as run
from zhiliang.imports import services
from zhiliang.imports.choices import ImportStatus
from zhiliang.risk.models import RiskInformation

HEADERS = ["通报编号", "信息来源", "产品代码", "危害类型", "区划代码", "通报日期", "内容"]


def test_notification_rows_are_checked_one_by_one(clerk, make_enterprise, catalogue):
    future = str(timezone.localdate().replace(year=timezone.localdate().year + 1))
    ok = ["A12/1/26", "境外通报", "0401", "电击", "320412", "2026/3/2", "recall"]
    r = rows_like(ok)

    rows = [
        r("A12/1/26"),
        r("OK-2", c1="媒体报道", c3="fire"),
        r("BAD-PRODUCT", c2="9999"),
        r("BAD-HAZARD", c3="天气"),
        r("OUTSIDE", c4="320411"),
        r("FUTURE", c5=future),
        r("TWICE"),
        r("TWICE"),
    ]
    batch = run(clerk, "risk-information", xlsx(HEADERS, rows))
    assert batch.status == ImportStatus.VALIDATED, batch.message
    verdicts = {row.values[0]: row.errors for row in batch.rows.all()}
    assert verdicts["A12/1/26"] == [] and verdicts["OK-2"] == []
    for ref in ("BAD-PRODUCT", "BAD-HAZARD", "OUTSIDE", "FUTURE"):
        assert len(verdicts[ref]) == 1, (ref, verdicts[ref])
    assert "9999" in verdicts["BAD-PRODUCT"][0] and "天气" in verdicts["BAD-HAZARD"][0]
    assert "repeats row" in batch.rows.filter(values__0="TWICE").last().errors[0]
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED, batch.message
    assert sorted(RiskInformation.objects.values_list("reference", flat=True)) == [
        "A12/1/26",
        "OK-2",
        "TWICE",
    ]
    assert RiskInformation.objects.get(reference="OK-2").history.count() == 1


def test_the_template_example_row_imports(clerk, make_enterprise):
    from zhiliang.enterprises.catalogue import products_load
    from zhiliang.enterprises.models import Product
    from zhiliang.risk.importers import RISK_INFORMATION_IMPORT as SPEC

    products_load(Product)
    make_enterprise("320412001")
    batch = example_batch(clerk, SPEC)
    assert batch.valid_rows == 1, list(batch.rows.values_list("errors", flat=True))
