import pytest

from zhiliang.assessments.demo import demo_assessment_step
from zhiliang.assessments.models import AssessmentResult, TargetLink

pytestmark = pytest.mark.django_db


def test_demo_step_runs_publishes_and_links(make_user, indicators, changzhou_values, regions):
    from zhiliang.core.models import Region
    from zhiliang.plans.models import Plan, Target

    office = make_user("office_staff", "3204", username="changzhou.office")
    plan = Plan.objects.create(
        title="方案",
        region=Region.objects.get(code="320412"),
        source_text="…",
        source_hash="z" * 64,
        created_by=office,
    )
    Target.objects.create(
        plan=plan, indicator_text="特种设备定期检验率", comparator=">=", value=100
    )
    line = demo_assessment_step(seed=1)
    assert "1 result published" in line, line
    result = AssessmentResult.objects.get()
    assert result.status == "published" and result.entries.count() == 6
    links = {link.target.indicator_text: link.indicator.code for link in TargetLink.objects.all()}
    assert links, "most suggestions are confirmed"
    assert links.get("特种设备定期检验率", "equipment.inspection_on_time_rate") == (
        "equipment.inspection_on_time_rate"
    )
    assert "省名牌产品" not in links
    # Deterministic and idempotent: a second run adds nothing.
    again = demo_assessment_step(seed=1)
    assert "0 result published" in again and AssessmentResult.objects.count() == 1
    assert TargetLink.objects.count() == len(links)


def test_demo_step_reports_a_missing_indicator(make_user, indicators, regions):
    from zhiliang.indicators.models import Indicator

    make_user("office_staff", "3204", username="changzhou.office")
    Indicator.objects.filter(code="licensing.ccc_rate").delete()
    line = demo_assessment_step(seed=1)
    assert "not loaded" in line and "licensing.ccc_rate" in line
