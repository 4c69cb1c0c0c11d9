"""Result lists through the staged importer: each bad row named with its reason — an unknown
test item, a value that is not a number, a purchase outside the jurisdiction, a repeat in
the file or of a result already recorded — and nothing half-imported."""

from zhiliang.core.testing.xlsx import example_batch, xlsx
from zhiliang.core.testing.xlsx import validate as run
from zhiliang.imports import services
from zhiliang.imports.choices import ImportStatus
from zhiliang.monitoring.models import Purchase, Result
from zhiliang.risk.models import RiskInformation

HEADERS = ["样品编号", "检测项目", "实测值", "检测日期"]


def test_result_file_rows_are_checked_one_by_one(make_user, make_purchase, record, bought_on):
    clerk = make_user("office_staff", "320412")
    mine, other, theirs = make_purchase(), make_purchase(), make_purchase("320411")
    record(other, "最高车速", "21")
    day = str(bought_on)
    rows = [
        [mine.number, "最高车速", "27.5", day],
        [mine.number, "整车质量", "48", day],
        [mine.number, "整车质量", "49", day],  # the same purchase and item again
        [other.number, "最高车速", "22", day],  # already recorded
        [other.number, "刹车距离", "4", day],  # not an item of the plan
        [other.number, "整车质量", "约50", day],  # not a number
        [theirs.number, "最高车速", "20", day],  # outside the jurisdiction
        ["JC9999", "最高车速", "20", day],  # no such purchase
    ]
    batch = run(clerk, "monitoring_results", xlsx(HEADERS, rows))
    assert batch.status == ImportStatus.VALIDATED, batch.message
    errors = [r.errors for r in batch.rows.order_by("number")]
    assert errors[0] == [] and errors[1] == []
    assert "repeats row" in errors[2][0]
    assert "already recorded" in errors[3][0]
    assert "刹车距离" in errors[4][0] and "not a test item" in errors[4][0]
    assert "as a number" in errors[5][0]
    assert "No purchase with sample number" in errors[6][0] and "新北区" not in str(errors[6])
    assert "JC9999" in errors[7][0]

    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED, batch.message
    assert Result.objects.filter(purchase=mine).count() == 2
    mine.refresh_from_db()
    assert mine.verdict == "fail"  # 27.5 km/h above 25
    assert RiskInformation.objects.filter(reference=mine.number).count() == 1
    assert Result.objects.filter(purchase=other).count() == 1


def test_a_commit_that_fails_imports_nothing(make_user, make_purchase, record, bought_on):
    clerk = make_user("office_staff", "320412")
    a, b = make_purchase(), make_purchase()
    rows = [
        [a.number, "最高车速", "30", str(bought_on)],
        [b.number, "最高车速", "20", str(bought_on)],
    ]
    batch = run(clerk, "monitoring_results", xlsx(HEADERS, rows))
    assert batch.valid_rows == 2
    record(b, "最高车速", "21")  # between the check and the commit
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.FAILED
    assert Result.objects.count() == 1
    assert Purchase.objects.get(pk=a.pk).verdict == "pending"
    assert not RiskInformation.objects.exists()


def test_the_template_example_row_imports(make_user, make_purchase):
    from zhiliang.monitoring.importers import RESULT_IMPORT

    clerk = make_user("office_staff", "320412")
    make_purchase()
    batch = example_batch(clerk, RESULT_IMPORT)
    assert batch.valid_rows == 1, list(batch.rows.values_list("errors", flat=True))
