"""Penalty and listing files through the staged importer: each bad row says why."""

from zhiliang.core.testing.xlsx import validate as run
from zhiliang.core.testing.xlsx import xlsx
from zhiliang.enterprises.uscc import make_uscc
from zhiliang.imports import services
from zhiliang.imports.choices import ImportStatus
from zhiliang.penalties.models import AbnormalListing, Penalty

PENALTY_HEADERS = [
    "行政处罚决定书文号", "统一社会信用代码", "处罚机关", "处罚种类", "罚款金额（元）",
    "处罚决定日期", "处罚依据",
]  # fmt: skip
LISTING_HEADERS = [
    "统一社会信用代码",
    "列入原因",
    "列入日期",
    "决定机关",
    "列入依据",
    "移出日期",
    "移出原因",
]


def test_penalty_file_rows_are_checked_one_by_one(
    clerk, bureau, firm, make_enterprise, make_penalty
):
    make_penalty(decision_number="TAKEN")
    theirs = make_enterprise("320411")
    name, basis = bureau.name, "《产品质量法》第五十条"
    rows = [
        ["OK-1", firm.uscc, name, "罚款", "1.5万", "2025/4/1", basis],
        ["OK-2", firm.uscc, name, "警告", "", "2025年4月2日", basis],
        ["FUTURE", firm.uscc, name, "警告", "", "2999-01-01", basis],
        ["EARLY", firm.uscc, name, "警告", "", "2010-01-01", basis],
        ["KIND", firm.uscc, name, "鞭刑", "", "2025-04-01", basis],
        ["TAKEN", firm.uscc, name, "警告", "", "2025-04-01", basis],
        ["TWICE", firm.uscc, name, "警告", "", "2025-04-01", basis],
        ["TWICE", firm.uscc, name, "警告", "", "2025-04-01", basis],
        ["OUTSIDE", theirs.uscc, name, "警告", "", "2025-04-01", basis],
        ["UNKNOWN", make_uscc("320412", "99999999"), name, "警告", "", "2025-04-01", basis],
    ]
    batch = run(clerk, "penalties", xlsx(PENALTY_HEADERS, rows))
    assert batch.status == ImportStatus.VALIDATED, batch.message
    verdicts = {r.values[0]: r.errors for r in batch.rows.exclude(values__0="TWICE")}
    assert verdicts["OK-1"] == [] and verdicts["OK-2"] == []
    expected = {
        "FUTURE": "future", "EARLY": "established", "KIND": "Unknown kind of penalty",
        "TAKEN": "already has a decision numbered", "OUTSIDE": "No enterprise with USCC",
        "UNKNOWN": "No enterprise with USCC",
    }  # fmt: skip
    for number, text in expected.items():
        assert len(verdicts[number]) == 1 and text in verdicts[number][0], verdicts[number]
    assert theirs.name not in verdicts["OUTSIDE"][0]
    twice = [r.errors for r in batch.rows.filter(values__0="TWICE").order_by("number")]
    assert twice[0] == [] and "repeats row" in twice[1][0]
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED and batch.created_count == 3
    ok = Penalty.objects.get(decision_number="OK-1")
    assert ok.fine_amount == 15000 and ok.kind == "fine" and ok.history.count() == 1
    assert str(ok.public_until) == "2028-04-01"
    assert str(Penalty.objects.get(decision_number="OK-2").public_until) == "2025-07-02"


def test_listing_file_needs_a_legal_basis_and_one_open_listing_per_reason(clerk, bureau, firm):
    name = bureau.name
    rows = [
        [firm.uscc, "未按期公示年报", "2025-01-10", name, "暂行条例第八条", "2025-03-01", "已补报"],
        [firm.uscc, "未按期公示年报", "2025-06-10", name, "暂行条例第八条", "", ""],
        [firm.uscc, "未按期公示年报", "2025-06-11", name, "暂行条例第八条", "", ""],
        [firm.uscc, "无法联系", "2025-06-10", name, "", "", ""],
        [firm.uscc, "无法联系", "2025-06-10", name, "办法第四条", "2025-05-01", "已变更住所"],
    ]
    batch = run(clerk, "abnormal-listings", xlsx(LISTING_HEADERS, rows))
    errors = [r.errors for r in batch.rows.order_by("number")]
    assert errors[0] == [] and errors[1] == []
    assert "repeats row" in errors[2][0]
    assert "legal basis" in errors[3][0]
    assert "before the listing" in errors[4][0]
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.created_count == 2
    assert AbnormalListing.objects.filter(removed_on__isnull=True).count() == 1


def test_the_sector_column_sets_the_repair_period(clerk, bureau, firm):
    from zhiliang.licensing.dates import add_months

    headers = [*PENALTY_HEADERS, "所属领域"]
    name, basis = bureau.name, "《产品质量法》第五十条"
    rows = [
        ["S-FOOD", firm.uscc, name, "罚款", "20000", "2025-04-01", basis, "食品"],
        ["S-SE", firm.uscc, name, "罚款", "20000", "2025-04-01", basis, "special equipment"],
        ["S-DRUG", firm.uscc, name, "罚款", "20000", "2025-04-01", basis, "医疗器械"],
        ["S-NONE", firm.uscc, name, "罚款", "20000", "2025-04-01", basis, ""],
        ["S-BAD", firm.uscc, name, "罚款", "20000", "2025-04-01", basis, "占星"],
    ]
    batch = run(clerk, "penalties", xlsx(headers, rows))
    verdicts = {r.values[0]: r.errors for r in batch.rows.all()}
    assert len(verdicts["S-BAD"]) == 1 and "Unknown field 占星" in verdicts["S-BAD"][0]
    assert "食品 (food)" in verdicts["S-BAD"][0]
    assert all(verdicts[k] == [] for k in ("S-FOOD", "S-SE", "S-DRUG", "S-NONE"))
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED and batch.created_count == 4
    sectors = dict(Penalty.objects.values_list("decision_number", "sector"))
    assert sectors == {
        "S-FOOD": "food", "S-SE": "special_equipment", "S-DRUG": "drugs", "S-NONE": "general",
    }  # fmt: skip
    food, general = (Penalty.objects.get(decision_number=n) for n in ("S-FOOD", "S-NONE"))
    assert food.repair_from == add_months(food.public_from, 12)
    assert general.repair_from == add_months(general.public_from, 6)
