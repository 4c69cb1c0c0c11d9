"""Complaint lists through the staged importer: each bad row named, personal data masked."""

from datetime import timedelta

from django.utils import timezone

from zhiliang.complaints.models import Complaint
from zhiliang.core import crypto
from zhiliang.core.testing.xlsx import example_batch, rows_like, xlsx
from zhiliang.core.testing.xlsx import validate as run
from zhiliang.imports import services
from zhiliang.imports.choices import ImportStatus

HEADERS = ["工单编号", "登记日期", "来源渠道", "投诉人", "联系电话", "商品名称",
           "统一社会信用代码", "区划代码", "问题类别", "处理结果", "办结日期"]  # fmt: skip


def test_complaint_file_rows_are_checked_one_by_one(clerk, make_enterprise, make_complaint):
    mine, theirs = make_enterprise("320412001"), make_enterprise("320411002")
    make_complaint(number="TAKEN-1")
    future = str(timezone.localdate() + timedelta(days=5))
    row = ["", "2026/3/6", "12315热线", "赵六", "13700002222", "电动自行车", mine.uscc, "",
           "质量不合格", "", ""]  # fmt: skip
    r = rows_like(row)

    rows = [
        r("OK-1"),
        r("OK-2", c6="", c7="320412001", c9="调解成功", c10="2026年3月20日"),
        r("OUTSIDE", c6=theirs.uscc),
        r("UNKNOWN", c6="91320412MA1X2Y3Z4K"),
        r("FUTURE", c1=future),
        r("CLOSED-BEFORE", c9="属实", c10="2026-03-01"),
        r("TAKEN-1"),
        r("TWICE"),
        r("TWICE"),
        r("BAD-CHANNEL", c2="传真"),
        r("BAD-CATEGORY", c8="天气"),
        r("NO-REGION", c6=""),
    ]
    batch = run(clerk, "complaints", xlsx(HEADERS, rows))
    assert batch.status == ImportStatus.VALIDATED, batch.message
    verdicts = {r.values[0]: r.errors for r in batch.rows.all()}
    assert verdicts["OK-1"] == [] and verdicts["OK-2"] == []
    for number in ("OUTSIDE", "UNKNOWN", "FUTURE", "CLOSED-BEFORE", "TAKEN-1", "BAD-CHANNEL",
                   "BAD-CATEGORY", "NO-REGION"):  # fmt: skip
        assert len(verdicts[number]) == 1, (number, verdicts[number])
    assert theirs.name not in verdicts["OUTSIDE"][0]
    assert "No enterprise with USCC" in verdicts["OUTSIDE"][0]
    assert "future" in verdicts["FUTURE"][0]
    assert "before the complaint was received" in verdicts["CLOSED-BEFORE"][0]
    assert "already registered" in verdicts["TAKEN-1"][0]
    assert "传真" in verdicts["BAD-CHANNEL"][0] and "天气" in verdicts["BAD-CATEGORY"][0]
    assert "repeats row" in batch.rows.filter(values__0="TWICE").last().errors[0]
    # Staged: the cells masked, the checked values encrypted.
    staged = batch.rows.get(values__0="OK-1")
    assert staged.values[3] == "赵*" and staged.values[4] == "137****2222"
    assert "赵六" not in str(staged.cleaned) and "13700002222" not in str(staged.cleaned)

    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED, batch.message
    imported = Complaint.objects.exclude(number="TAKEN-1")
    assert sorted(imported.values_list("number", flat=True)) == ["OK-1", "OK-2", "TWICE"]
    ok = imported.get(number="OK-1")
    assert crypto.decrypt(ok.complainant_name_encrypted) == "赵六"
    assert (ok.region, ok.handling_unit, ok.status) == (mine.region, clerk.organization, "received")
    closed = imported.get(number="OK-2")
    assert (closed.status, closed.outcome, closed.enterprise) == ("closed", "mediated", None)
    assert closed.region.code == "320412001" and closed.history.count() == 1


def test_the_template_example_row_imports(clerk, make_enterprise):
    from zhiliang.complaints.importers import COMPLAINT_IMPORT

    make_enterprise("320412001")
    batch = example_batch(clerk, COMPLAINT_IMPORT)
    assert batch.valid_rows == 1, list(batch.rows.values_list("errors", flat=True))
