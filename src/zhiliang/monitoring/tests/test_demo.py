"""The demo's risk monitoring: plans in 武进区 and 新北区 with results, some failing, fed into
the risk information; nothing in the credit records; a second run adds nothing."""

from zhiliang.monitoring.demo import demo_monitoring_step
from zhiliang.monitoring.models import Plan, Purchase, Result


def test_the_demo_loads_plans_with_failing_results_once(catalogue, make_enterprise):
    from zhiliang.credit.models import CreditRecord
    from zhiliang.risk.models import RiskInformation

    make_enterprise("320412")
    assert "2" in demo_monitoring_step(seed=1)
    assert set(Plan.objects.values_list("region__code", flat=True)) == {"320411", "320412"}
    for county in ("320411", "320412"):
        bought = Purchase.objects.filter(region__code=county)
        assert bought.filter(verdict="fail").exists() and bought.filter(verdict="pass").exists()
    failed = Purchase.objects.filter(verdict="fail").count()
    assert RiskInformation.objects.filter(source_kind="monitoring").count() == failed
    assert not CreditRecord.objects.exists()
    count = Result.objects.count()
    assert demo_monitoring_step(seed=1).endswith("already loaded")
    assert Result.objects.count() == count
