"""Injury case lists through the staged importer: each bad row named with its reason, and
nothing half-imported."""

from datetime import timedelta

from django.utils import timezone

from zhiliang.core.testing.xlsx import example_batch, rows_like, xlsx
from zhiliang.core.testing.xlsx import validate as run
from zhiliang.imports import services
from zhiliang.imports.choices import ImportStatus
from zhiliang.injuries.models import InjuryCase, InjuryCaseProduct

HEADERS = ["医院编码", "病例编号", "就诊日期", "年龄", "性别", "受伤部位", "伤害性质", "伤害结局",
           "发生地点", "产品代码", "伤害经过"]  # fmt: skip


def test_case_file_rows_are_checked_one_by_one(make_user, make_hospital, make_case):
    clerk = make_user("office_staff", "320412")
    mine, theirs = make_hospital(), make_hospital("320411")
    make_case(mine, case_number="TAKEN")
    future = str(timezone.localdate() + timedelta(days=5))
    row = [mine.code, "", "2026/2/3", "34", "男", "下肢", "骨折", "处理后离院", "公路/街道",
           "0401", "摔倒"]  # fmt: skip
    r = rows_like(row, key_at=1)

    rows = [
        r("OK-1"),
        r("OK-2", c9="0401、0107", c4="女"),
        r("OLD", c3="121"),
        r("NEG", c3="-1"),
        r("FUTURE", c2=future),
        r("BEFORE", c2="2024-12-31"),
        r("NO-PRODUCT", c9="0401, 9901"),
        r("TAKEN"),
        r("TWICE"),
        r("TWICE"),
        r("OUTSIDE", c0=theirs.code),
        r("BAD-PART", c5="尾巴"),
    ]
    batch = run(clerk, "injury_cases", xlsx(HEADERS, rows))
    assert batch.status == ImportStatus.VALIDATED, batch.message
    verdicts = {r.values[1]: r.errors for r in batch.rows.all()}
    assert verdicts["OK-1"] == [] and verdicts["OK-2"] == []
    for number in ("OLD", "NEG", "FUTURE", "BEFORE", "NO-PRODUCT", "TAKEN", "OUTSIDE",
                   "BAD-PART"):  # fmt: skip
        assert len(verdicts[number]) == 1, (number, verdicts[number])
    assert "future" in verdicts["FUTURE"][0]
    assert "before the hospital began reporting" in verdicts["BEFORE"][0]
    assert "9901" in verdicts["NO-PRODUCT"][0]
    assert "already registered" in verdicts["TAKEN"][0]
    assert "No sentinel hospital" in verdicts["OUTSIDE"][0] and theirs.name not in str(verdicts)
    assert "尾巴" in verdicts["BAD-PART"][0]
    assert "repeats row" in batch.rows.filter(values__1="TWICE").last().errors[0]

    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED, batch.message
    imported = InjuryCase.objects.exclude(case_number="TAKEN")
    assert sorted(imported.values_list("case_number", flat=True)) == ["OK-1", "OK-2", "TWICE"]
    ok2 = imported.get(case_number="OK-2")
    assert (ok2.sex, ok2.product_codes, ok2.region) == ("F", "0401 0107", mine.region)
    assert InjuryCaseProduct.objects.filter(case=ok2).count() == 2
    assert ok2.history.count() == 1


def test_a_commit_that_fails_imports_nothing(make_user, make_hospital, make_case):
    """A case registered between the check and the commit: the unique index refuses the
    whole commit, and nothing of the file is in the registry."""
    clerk = make_user("office_staff", "320412")
    mine = make_hospital()
    rows = [[mine.code, f"R-{n}", "2026-02-03", "30", "男", "头部", "挫伤/擦伤", "住院", "家中",
             "0401", ""] for n in range(3)]  # fmt: skip
    batch = run(clerk, "injury_cases", xlsx(HEADERS, rows))
    assert batch.valid_rows == 3
    make_case(mine, case_number="R-2")
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.FAILED
    assert list(InjuryCase.objects.values_list("case_number", flat=True)) == ["R-2"]
    assert InjuryCaseProduct.objects.count() == 1


def test_the_template_example_row_imports(make_user, make_hospital):
    from zhiliang.injuries.importers import CASE_IMPORT

    clerk = make_user("office_staff", "320412")
    make_hospital()
    batch = example_batch(clerk, CASE_IMPORT)
    assert batch.valid_rows == 1, list(batch.rows.values_list("errors", flat=True))
