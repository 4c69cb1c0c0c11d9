"""Schemes from YAML, runs, manual checks, vetoes, publishing and frozen results."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from zhiliang.assessments import services
from zhiliang.assessments.choices import ItemKind, ResultStatus, SubjectKind
from zhiliang.assessments.models import AssessmentResult, AssessmentScheme, ItemScore
from zhiliang.core.models import Region

pytestmark = pytest.mark.django_db


def changzhou():
    return Region.objects.get(code="3204")


def run(office, scheme, **kw):
    return services.result_run(
        actor=office, scheme=scheme, region=changzhou(), subject_kind=SubjectKind.REGION, **kw
    )


def entries(result):
    return {e.region.code: e for e in result.entries.select_related("region")}


def decide_all(office, result, passed=True):
    for score in ItemScore.objects.filter(entry__result=result, kind=ItemKind.MANUAL):
        services.itemscore_decide(actor=office, score=score, passed=passed, note="台账齐全")


def test_default_scheme_loads(regions, indicators):
    scheme = services.scheme_load_file(region=changzhou())
    assert scheme.items.count() == 11
    assert scheme.grade_bands == [["A", 90.0], ["B", 80.0], ["C", 60.0], ["D", 0.0]]
    assert scheme.items.filter(kind=ItemKind.VETO, veto_grade="D").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"period": "2025/2027"}, "not an assessment year"),
        ({"total_points": 90}, "add up to 100"),
        ({"items": [{"name": "x", "indicator": "no.such", "points": 100, "target": 1}]}, "no.such"),
        (
            {"items": [{"name": "x", "kind": "manual", "rule": "linear", "points": 100}]},
            "pass/fail",
        ),
        ({"items": [{"name": "x", "kind": "veto", "veto_grade": "E"}]}, "veto item names"),
        ({"grade_bands": [["A", 90], ["A", 10]]}, "appears twice"),
    ],
)
def test_bad_scheme_is_refused_and_changes_nothing(
    regions, indicators, scheme_data, change, message
):
    with pytest.raises(ValidationError, match=message):
        services.scheme_load(data=scheme_data | change, region=changzhou())
    assert not AssessmentScheme.objects.exists()


def test_run_scores_every_district(scheme, office, changzhou_values):
    result = run(office, scheme)
    got = entries(result)
    assert len(got) == 6
    # 天宁: 60 + 20 (manual checks not decided yet count zero).
    assert got["320402"].total == D("80.00")
    # 钟楼: half of 60, half of 20 (incident rate lower is better: 2 between 1 and 3).
    assert got["320404"].total == D("40.00")
    assert got["320412"].total == D("0.00")
    # 溧阳 has no values: zero, and the score says why.
    liyang = got["320481"].scores.get(kind=ItemKind.INDICATOR, indicator_code="sampling.pass_rate")
    assert liyang.value is None and "no value" in liyang.note
    # The value behind the score is kept.
    tianning = got["320402"].scores.get(indicator_code="sampling.pass_rate")
    assert (tianning.value, tianning.numerator, tianning.denominator) == (95, 95, 100)
    # Ties share a rank.
    assert got["320402"].rank == got["320411"].rank == 1
    assert got["320413"].rank == 3


def test_manual_checks_and_grades(scheme, office, changzhou_values):
    result = run(office, scheme)
    decide_all(office, result)
    got = entries(result)
    assert got["320402"].total == D("100.00") and got["320402"].grade == "A"
    assert got["320404"].total == D("60.00") and got["320404"].grade == "C"
    assert got["320412"].grade == "D"


def test_veto_makes_grade_d_and_ranks_last(scheme, office, changzhou_values):
    result = run(office, scheme)
    decide_all(office, result)
    veto = ItemScore.objects.get(entry__result=result, entry__region__code="320402", kind="veto")
    with pytest.raises(ValidationError, match="Describe the incident"):
        services.itemscore_decide(actor=office, score=veto, passed=True)
    services.itemscore_decide(actor=office, score=veto, passed=True, note="区域性电梯安全事故")
    tianning = entries(result)["320402"]
    assert tianning.total == D("100.00")
    assert tianning.vetoed and tianning.grade == "D" and tianning.rank == 6


def test_publish_needs_every_manual_check_decided(scheme, office, changzhou_values):
    result = run(office, scheme)
    with pytest.raises(ValidationError, match="6 checks are not decided"):
        services.result_publish(actor=office, result=result)
    decide_all(office, result)
    services.result_publish(actor=office, result=result)
    assert result.status == ResultStatus.PUBLISHED


def test_a_district_sees_the_city_ranking_but_it_is_not_found_for_changes(
    scheme, office, make_user, changzhou_values
):
    result = run(office, scheme)
    decide_all(office, result)
    services.result_publish(actor=office, result=result)
    district = make_user("office_staff", "320412")
    assert AssessmentResult.objects.visible_to(district).filter(pk=result.pk).exists()
    score = ItemScore.objects.filter(entry__result=result, kind=ItemKind.MANUAL).first()
    with pytest.raises(Http404):
        services.itemscore_decide(actor=district, score=score, passed=False, note="x")
    with pytest.raises(Http404):
        services.result_publish(actor=district, result=result)
    score.refresh_from_db()
    assert score.passed is True


def test_published_result_is_frozen_and_rerun_makes_a_new_version(
    scheme, office, changzhou_values, set_value
):
    first = run(office, scheme)
    decide_all(office, first)
    services.result_publish(actor=office, result=first)

    # The data change afterwards: the published result keeps what it scored.
    set_value("sampling.pass_rate", "320412", "2025/2026", 99)
    wujin = entries(first)["320412"]
    assert wujin.total == D("20.00")
    assert wujin.scores.get(indicator_code="sampling.pass_rate").value == 80

    score = ItemScore.objects.filter(entry__result=first, kind="manual").first()
    with pytest.raises(ValidationError, match="frozen"):
        services.itemscore_decide(actor=office, score=score, passed=False, note="")

    second = run(office, scheme)
    assert second.version == 2 and second.status == ResultStatus.DRAFT
    assert entries(second)["320412"].scores.get(indicator_code="sampling.pass_rate").value == 99
    decide_all(office, second)
    services.result_publish(actor=office, result=second)
    first.refresh_from_db()
    assert first.status == ResultStatus.SUPERSEDED
    assert entries(first)["320412"].total == D("20.00")


def test_scheme_change_does_not_rewrite_a_result(scheme, office, changzhou_values):
    result = run(office, scheme)
    scheme.items.filter(kind="indicator").update(points=5)
    assert entries(result)["320402"].scores.get(indicator_code="sampling.pass_rate").points == 60
    assert result.scheme_snapshot["items"][0]["points"] == "60.00"


def test_run_over_departments(scheme, office, make_org, changzhou_values, set_value):
    set_value("sampling.pass_rate", "3204", "2025/2026", 91)
    make_org("3204", "常州市工业和信息化局")
    result = services.result_run(
        actor=office, scheme=scheme, region=changzhou(), subject_kind=SubjectKind.ORGANIZATION
    )
    names = set(result.entries.values_list("name", flat=True))
    assert "常州市工业和信息化局" in names
    entry = result.entries.get(name="常州市工业和信息化局")
    assert entry.scores.get(indicator_code="sampling.pass_rate").value == 91


def test_run_outside_jurisdiction_or_without_permission(scheme, make_user, changzhou_values):
    district = make_user("office_staff", "320412")
    with pytest.raises(Http404):  # the city's scheme is not the district's: not found
        run(district, scheme)
    viewer = make_user("viewer", "3204")
    with pytest.raises(PermissionDenied):
        run(viewer, scheme)
    assert not AssessmentResult.objects.exists()


def test_only_publishers_publish(scheme, office, make_user, changzhou_values):
    result = run(office, scheme)
    decide_all(office, result)
    with pytest.raises(PermissionDenied):
        services.result_publish(actor=make_user("department_reporter", "3204"), result=result)


def test_evidence_is_checked_by_content(scheme, office, changzhou_values):
    from django.core.files.uploadedfile import SimpleUploadedFile

    result = run(office, scheme)
    score = ItemScore.objects.filter(entry__result=result, kind="manual").first()
    fake = SimpleUploadedFile("proof.pdf", b"not a pdf at all")
    with pytest.raises(ValidationError):
        services.itemscore_decide(actor=office, score=score, passed=True, files=[fake])
    score.refresh_from_db()
    assert score.passed is None  # nothing half-done
    pdf = SimpleUploadedFile("签到表.pdf", b"%PDF-1.4 minimal")
    services.itemscore_decide(actor=office, score=score, passed=True, files=[pdf])
    assert score.evidence.get().original_name == "签到表.pdf"


def test_veto_item_on_an_indicator_is_marked_from_the_value(
    regions, indicators, office, set_value, scheme_data
):
    data = scheme_data | {
        "items": [
            *scheme_data["items"][:3],
            {
                "name": "重大质量安全事件",
                "kind": "veto",
                "indicator": "quality.major_incidents",
                "target": 0,
                "veto_grade": "D",
            },
        ]
    }
    scheme = services.scheme_load(data=data, region=changzhou())
    set_value("quality.major_incidents", "320402", "2025/2026", 1, denominator=None)
    set_value("quality.major_incidents", "320404", "2025/2026", 0, denominator=None)
    result = run(office, scheme)
    got = entries(result)
    assert got["320402"].vetoed and got["320402"].grade == "D"
    assert "1" in got["320402"].scores.get(kind="veto").note
    assert not got["320404"].vetoed
    # Office staff may lift it after checking (the report was wrong).
    veto = got["320402"].scores.get(kind="veto")
    services.itemscore_decide(actor=office, score=veto, passed=False, note="经核实为误报")
    assert not entries(result)["320402"].vetoed


def test_load_command(regions, indicators, tmp_path):
    from django.core.management import CommandError, call_command

    call_command("assessments", "load", "--region", "3204")
    assert AssessmentScheme.objects.get().items.count() == 11
    bad = tmp_path / "bad.yaml"
    bad.write_text("code: x\nname: y\nperiod: 2025\nitems: [{name: z, points: 90}]\n")
    with pytest.raises(CommandError, match="add up to 90"):
        call_command("assessments", "load", str(bad), "--region", "3204")
    with pytest.raises(CommandError, match="no region"):
        call_command("assessments", "load", "--region", "9999")
