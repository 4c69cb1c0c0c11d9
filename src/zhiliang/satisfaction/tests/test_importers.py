"""Response files through the staged importer: each bad row named, the good ones imported."""

from datetime import date

from zhiliang.core.models import Region
from zhiliang.core.testing.xlsx import rows_like, xlsx
from zhiliang.core.testing.xlsx import validate as run
from zhiliang.imports import services
from zhiliang.imports.choices import ImportStatus
from zhiliang.satisfaction import services as survey_services
from zhiliang.satisfaction.models import Response

HEADERS = ["测评编号", "问卷编号", "区划代码", "行业", "调查日期", "权重"] + [
    f"Q{i}" for i in range(1, 14)
]


def test_response_file_rows_are_checked_one_by_one(clerk):
    survey_services.survey_create(
        actor=clerk,
        data={"code": "CS2025-WJ", "year": 2025, "title": "测评", "fieldwork_to": date(2025, 10, 1),
              "region": Region.objects.get(code="320412"), "fieldwork_from": date(2025, 9, 1)},
    )  # fmt: skip
    answers = ["8", "7", "9", "8", "8", "7", "7", "8", "9", "8", "6", "9", "8"]
    same = ["6"] * 13
    head = rows_like(["CS2025-WJ", "", "320412", "生活性服务业", "2025/9/12", ""], key_at=1)

    def r(respondent, *, answers=answers, **cells):
        return head(respondent, **cells) + list(answers)

    out_of_scale = list(answers)
    out_of_scale[7] = "11"
    rows = [
        r("OK-1"),
        r("LINER", answers=same),
        r("SCALE", answers=out_of_scale),
        r("TWICE"),
        r("TWICE"),
        r("SECTOR", c3="金融业"),
        r("SURVEY", c0="CS1999-XX"),
        r("OUTSIDE", c2="320411"),
        r("YEAR", c4="2024-05-01"),
        r("WORD", answers=["很好"] + answers[1:]),
    ]
    batch = run(clerk, "satisfaction_responses", xlsx(HEADERS, rows))
    assert batch.status == ImportStatus.VALIDATED, batch.message
    verdicts = {row.values[1]: row.errors for row in batch.rows.all()}
    assert verdicts["OK-1"] == [] and verdicts["LINER"] == []
    for name in ("SCALE", "SECTOR", "SURVEY", "OUTSIDE", "YEAR", "WORD"):
        assert len(verdicts[name]) == 1, (name, verdicts[name])
    assert "11 lies outside the scale" in verdicts["SCALE"][0]
    assert "金融业" in verdicts["SECTOR"][0]
    assert "repeats row" in batch.rows.filter(values__1="TWICE").last().errors[0]
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED, batch.message
    imported = {r.respondent: r for r in Response.objects.all()}
    assert sorted(imported) == ["LINER", "OK-1", "TWICE"]
    assert imported["LINER"].straight_lined and not imported["OK-1"].straight_lined
    assert imported["OK-1"].index_score is not None and imported["OK-1"].weight == 1.0
    assert imported["OK-1"].history.count() == 1
