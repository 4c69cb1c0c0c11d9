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


RECALL_HEADERS = [
    "召回编号",
    "召回名称",
    "统一社会信用代码",
    "产品代码",
    "决定召回时间",
    "公告时间",
    "结案时间",
    "召回来源",
    "缺陷",
    "危害",
    "涉及数量",
    "完成数量",
    "通知方式",
]


def test_recall_ledger_rows_are_checked_and_imported(clerk, firm, make_enterprise):
    from zhiliang.enterprises.models import Product

    code = Product.objects.filter(parent__isnull=False).order_by("code").first().code
    theirs = make_enterprise("320411")
    base = [
        firm.uscc,
        code,
        "2024/3/1 09:00",
        "2024/3/6",
        "2024/12/1",
        "缺陷报告",
        "过热",
        "火灾与烧伤",
    ]

    def row(number, *, uscc=None, decided=None, notice=None, closed=None, units=(1000, 800)):
        cells = list(base)
        cells[0] = uscc or cells[0]
        cells[2] = decided or cells[2]
        cells[3] = cells[3] if notice is None else notice
        cells[4] = cells[4] if closed is None else closed
        return [number, "充电器召回", *cells, units[0], units[1], "直接通知消费者"]

    rows = [
        row("OK-1"),
        row("OK-2", notice="2025-01-10", closed="", decided="2025-01-05 10:00"),
        row("MORE", units=(100, 101)),
        row("ORDER", notice="2024-02-01"),
        row("CLOSED-EARLY", closed="2024-03-03"),
        row("FUTURE", decided="2999-01-01 10:00", notice="", closed=""),
        row("OUTSIDE", uscc=theirs.uscc),
        row("OK-1"),
    ]
    batch = run(clerk, "recalls", xlsx(RECALL_HEADERS, rows))
    assert batch.status == ImportStatus.VALIDATED, batch.message
    verdicts = [(r.values[0], r.errors) for r in batch.rows.order_by("number")]
    assert verdicts[0][1] == [] and verdicts[1][1] == [], verdicts
    expected = [
        "More units corrected",
        "after the decision",
        "closes after",
        "future",
        "No enterprise",
        "OK-1",
    ]
    for (number, errors), text in zip(verdicts[2:], expected, strict=True):
        assert any(text in e for e in errors), (number, errors)
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED and batch.created_count == 2
    done = Case.objects.get(number="OK-1")
    assert done.is_closed and done.recall.rate == 0.8
    assert list(done.steps.values_list("code", flat=True)) == [
        "decided",
        "notice_published",
        "closed",
    ]
    running = Case.objects.get(number="OK-2")
    assert running.stage == "notice_published" and not running.is_closed
    # The plan was reported on a day the ledger does not give: no late clock for it.
    assert not running.deadlines.filter(kind="recall_plan").exists()
