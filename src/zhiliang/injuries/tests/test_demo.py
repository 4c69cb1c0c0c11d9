"""The demo's injury surveillance: hospitals in every county of 常州市 and the planted cluster
of 电动自行车 injuries in 武进区 over the last two quarters (those of the risk demo's failure
rise)."""

from datetime import timedelta

from django.utils import timezone

from zhiliang.injuries.demo import demo_injuries_step, planted_from
from zhiliang.injuries.models import InjuryCaseProduct, SentinelHospital


def test_the_demo_plants_the_cluster_and_loads_once(regions):
    assert "13" in demo_injuries_step(seed=1)
    assert set(SentinelHospital.objects.values_list("region__code", flat=True)) == {
        "320402", "320404", "320411", "320412", "320413", "320481"}  # fmt: skip
    today = timezone.localdate()
    half = planted_from(today) - timedelta(days=1)
    span = timedelta(days=(today - half).days)
    bikes = InjuryCaseProduct.objects.filter(product__code="0401")

    def rate(qs, start, end):
        return qs.filter(treated_on__gt=start, treated_on__lte=end).count()

    wujin, others = bikes.in_region("320412"), bikes.exclude(region__code="320412")
    before, after = rate(wujin, half - span, half), rate(wujin, half, today)
    assert after > 2.2 * before  # three times the base rate, give or take the draw
    before, after = rate(others, half - span, half), rate(others, half, today)
    assert 0.7 * before < after < 1.3 * before  # no cluster elsewhere
    count = InjuryCaseProduct.objects.count()
    assert demo_injuries_step(seed=1).endswith("already loaded")
    assert InjuryCaseProduct.objects.count() == count
