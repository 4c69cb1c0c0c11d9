"""The demo sampling step: what it makes, and that a second run adds nothing."""

import datetime as dt

import pytest

from zhiliang.inspections.choices import FollowUpState, Verdict
from zhiliang.inspections.models import (
    Draw,
    FollowUp,
    FollowUpStep,
    Inspector,
    Sample,
    SamplingPlan,
)


@pytest.fixture
def generated(make_user, regions):
    from zhiliang.demo.generate import generate

    generate(scale="district", seed=3, limit=3000, progress=False)
    for code, name in (("3204", "changzhou"), ("320412", "wujin"), ("320411", "xinbei")):
        make_user("office_staff", code, username=f"{name}.office")


def test_demo_sampling_makes_a_year_of_sampling_and_is_idempotent(generated):
    from zhiliang.inspections.demo import demo_sampling_load

    today = dt.date(2026, 11, 21)
    result = demo_sampling_load(seed=1, today=today)
    assert result["created"] and result["plans"] == 3
    # The sampling authority (抽查机关) is the bureau, never the quality office.
    assert not SamplingPlan.objects.exclude(authority__regulates_market=True).exists()
    # Every sample of a drawn enterprise is linked to its pick.
    assert not Sample.objects.filter(pick__isnull=True).exists()
    assert Inspector.objects.count() == 30
    assert Draw.objects.filter(published_at__isnull=False).count() == 3
    samples = Sample.objects.all()
    assert samples.count() == result["samples"] > 50
    decided = samples.exclude(verdict=Verdict.PENDING)
    passed = decided.filter(verdict=Verdict.PASS).count()
    assert 0.75 < passed / decided.count() < 0.97
    assert samples.filter(published_at__isnull=False).exists()
    assert samples.filter(published_at__isnull=True).exists()
    # Every failure is followed up; the stages include the ends and one overdue rectification.
    assert FollowUp.objects.count() == decided.filter(verdict=Verdict.FAIL).count()
    states = set(FollowUp.objects.values_list("state", flat=True))
    assert {FollowUpState.NOTIFIED, FollowUpState.RECTIFICATION, FollowUpState.CLOSED} <= states
    overdue = FollowUp.objects.filter(overdue=True)
    assert overdue.count() == 1 and overdue.get().state == FollowUpState.RECTIFICATION
    assert FollowUpStep.objects.filter(done_on__gt=today).count() == 0
    counts = (
        SamplingPlan.objects.count(),
        Sample.objects.count(),
        FollowUpStep.objects.count(),
        Inspector.objects.count(),
    )
    assert demo_sampling_load(seed=1, today=today) == {"created": False}
    assert counts == (
        SamplingPlan.objects.count(),
        Sample.objects.count(),
        FollowUpStep.objects.count(),
        Inspector.objects.count(),
    )
