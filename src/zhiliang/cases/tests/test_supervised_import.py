"""Historical supervised cases (挂牌督办) through the staged importer: each bad row says why,
the good ones arrive with the steps the ledger dates and no clock it cannot know; all or
nothing."""

import pytest
from django.core.exceptions import ValidationError

from zhiliang.cases.models import Case
from zhiliang.cases.supervised_importers import supervised_commit
from zhiliang.core.testing.xlsx import validate as run
from zhiliang.core.testing.xlsx import xlsx
from zhiliang.imports import services
from zhiliang.imports.choices import ImportStatus

HEADERS = [
    "案件编号",
    "统一社会信用代码",
    "违法行为",
    "发现时间",
    "督办期限",
    "办理阶段",
    "立案日期",
    "调查日期",
    "决定日期",
    "执行日期",
    "结案日期",
    "决定书文号",
]


def _row(number, uscc, **cells):
    values = {
        "found": "2024/3/1 09:00",
        "due": "2024/9/30",
        "stage": "结案",
        "filed": "2024/3/10",
        "investigating": "2024/3/20",
        "decided": "2024/5/10",
        "executing": "2024/5/20",
        "closed": "2024/6/30",
        "decision": "常市监处罚〔2024〕12号",
    }
    values.update(cells)
    return [
        number,
        uscc,
        "生产不符合国家标准的电线电缆",
        values["found"],
        values["due"],
        values["stage"],
        values["filed"],
        values["investigating"],
        values["decided"],
        values["executing"],
        values["closed"],
        values["decision"],
    ]


@pytest.mark.django_db
def test_supervised_ledger_rows_are_checked_and_imported(clerk, firm, make_enterprise):
    theirs = make_enterprise("320411")
    undated = {"filed": "", "investigating": "", "decided": "", "executing": "", "closed": ""}
    rows = [
        _row("OK-CLOSED", firm.uscc),
        _row("OK-OPEN", firm.uscc, stage="调查", decision="", **{**undated, "filed": "2024/3/10"}),
        _row("OUTSIDE", theirs.uscc),
        _row("NOBODY", "91320400MA1XXXXX0D"),
        _row("ORDER", firm.uscc, investigating="2024/3/5"),
        _row("FUTURE", firm.uscc, closed="2999/1/1"),
        _row("STAGE", firm.uscc, stage="复议"),
        _row("AHEAD", firm.uscc, stage="立案", **{**undated, "decided": "2024/5/10"}),
        _row("NO-DECISION", firm.uscc, stage="决定", executing="", closed="", decision=""),
        _row("OK-CLOSED", firm.uscc),
    ]  # fmt: skip
    batch = run(clerk, "supervised_cases", xlsx(HEADERS, rows))
    assert batch.status == ImportStatus.VALIDATED, batch.message
    verdicts = [(r.values[0], r.errors) for r in batch.rows.order_by("number")]
    assert verdicts[0][1] == [] and verdicts[1][1] == [], verdicts
    expected = [
        "No enterprise",
        "No enterprise",
        "out of order",
        "future",
        "Unknown stage",
        "not reached",
        "decision number",
        "OK-CLOSED",
    ]
    for (number, errors), text in zip(verdicts[2:], expected, strict=True):
        assert any(text in e for e in errors), (number, errors)
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED and batch.created_count == 2
    done = Case.objects.get(kind="supervised", number="OK-CLOSED")
    assert done.is_closed and done.listing_office == clerk.organization
    assert list(done.steps.values_list("code", flat=True)) == [
        "listed",
        "filed",
        "investigating",
        "decided",
        "executing",
        "closed",
    ]
    assert "常市监处罚〔2024〕12号" in done.steps.get(code="decided").note
    assert done.deadlines.get(kind="supervision").met_at is not None
    running = Case.objects.get(kind="supervised", number="OK-OPEN")
    assert running.stage == "investigating" and not running.is_closed
    assert list(running.steps.values_list("code", flat=True)) == ["listed", "filed"]


@pytest.mark.django_db
def test_undated_stages_get_no_late_clock(clerk, firm):
    blank = {"filed": "", "investigating": "", "decided": "", "executing": "", "closed": ""}
    rows = [_row("UNDATED", firm.uscc, stage="调查", decision="", **blank)]
    batch = run(clerk, "supervised_cases", xlsx(HEADERS, rows))
    assert batch.status == ImportStatus.VALIDATED, batch.message
    assert [r.errors for r in batch.rows.all()] == [[]]
    services.import_commit(actor=clerk, batch=batch)
    case = Case.objects.get(kind="supervised", number="UNDATED")
    assert list(case.steps.values_list("code", flat=True)) == ["listed"]
    # Filed on a day the ledger does not give: the filing clock is not shown late.
    assert not case.deadlines.filter(kind="filing").exists()
    assert case.deadlines.filter(kind="supervision").exists()


@pytest.mark.django_db
def test_a_number_registered_meanwhile_stops_the_whole_file(clerk, firm, make_supervised):
    rows = [_row("LATE-1", firm.uscc), _row("LATE-2", firm.uscc)]
    batch = run(clerk, "supervised_cases", xlsx(HEADERS, rows))
    assert batch.status == ImportStatus.VALIDATED, batch.message
    checked = [r.cleaned for r in batch.rows.order_by("number")]
    make_supervised(number="LATE-2")
    with pytest.raises(ValidationError):
        supervised_commit(clerk, checked)
    assert not Case.objects.filter(number="LATE-1").exists()
