"""Historical accidents through the staged importer: each bad row says why; the good ones
arrive with their steps and clocks, all or nothing."""

from zhiliang.cases.models import Case
from zhiliang.core.testing.xlsx import validate as run
from zhiliang.core.testing.xlsx import xlsx
from zhiliang.imports import services
from zhiliang.imports.choices import ImportStatus

HEADERS = [
    "事故编号",
    "事故名称",
    "统一社会信用代码",
    "事故发生时间",
    "报告时间",
    "结案日期",
    "死亡人数",
    "重伤人数",
    "直接经济损失（元）",
]


def test_accident_ledger_rows_are_checked_and_imported(clerk, firm, make_enterprise, make_accident):
    make_accident(number="TAKEN")
    theirs = make_enterprise("320411")
    rows = [
        ["OK-1", "锅炉爆炸", firm.uscc, "2024/5/1 09:30", "2024/5/1 10:10", "2024/9/1", 3, 0, 0],
        ["OK-2", "电梯夹人", firm.uscc, "2025-02-03 14:00", "", "", 0, 1, 20000],
        ["FUTURE", "x", firm.uscc, "2999-01-01 10:00", "", "", 0, 0, 0],
        ["NEG", "x", firm.uscc, "2024-01-01 10:00", "", "", -1, 0, 0],
        ["EARLY", "x", firm.uscc, "2024-01-01 10:00", "2023-12-31 10:00", "", 0, 0, 0],
        ["TAKEN", "x", firm.uscc, "2024-01-01 10:00", "", "", 0, 0, 0],
        ["OUTSIDE", "x", theirs.uscc, "2024-01-01 10:00", "", "", 0, 0, 0],
    ]
    batch = run(clerk, "accidents", xlsx(HEADERS, rows))
    assert batch.status == ImportStatus.VALIDATED, batch.message
    verdicts = {r.values[0]: r.errors for r in batch.rows.all()}
    assert verdicts["OK-1"] == [] and verdicts["OK-2"] == [], verdicts
    expected = {
        "FUTURE": "future",
        "NEG": "negative",
        "EARLY": "before the accident",
        "TAKEN": "exists already",
        "OUTSIDE": "No enterprise with USCC",
    }
    for number, text in expected.items():
        assert any(text in e for e in verdicts[number]), (number, verdicts[number])
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED and batch.created_count == 2
    closed = Case.objects.get(number="OK-1")
    assert closed.grade == "larger" and closed.is_closed and closed.stage == "closed"
    assert list(closed.steps.values_list("code", flat=True)) == ["reported", "closed"]
    assert closed.deadlines.get(kind="unit_report").state == "met"
    running = Case.objects.get(number="OK-2")
    assert running.stage == "reported" and running.deadlines.filter(kind="follow_up").exists()
    assert running.history.count() == 1
