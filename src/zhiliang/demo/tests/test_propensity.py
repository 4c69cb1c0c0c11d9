"""The demo's hidden propensity, and the notice that an installation's data is synthetic."""

import random
import statistics

import pytest
from django.test import Client
from django.urls import reverse

from zhiliang.demo.marker import holds_synthetic_data, synthetic_data_mark
from zhiliang.demo.propensity import chance, propensity, weighted_sample


def test_propensity_is_a_deterministic_factor_with_mean_one():
    codes = [f"91320412MA{i:08d}" for i in range(20_000)]
    values = [propensity(1, c) for c in codes]
    assert values == [propensity(1, c) for c in codes]
    assert statistics.fmean(values) == pytest.approx(1.0, abs=0.05)
    assert min(values) > 0 and max(values) > 5 * statistics.median(values)
    # Another seed is another world.
    assert sum(propensity(2, c) == v for c, v in zip(codes, values, strict=True)) == 0


def test_chance_stays_a_probability():
    assert chance(0.05, 2.0) == pytest.approx(0.1) and chance(0.5, 40.0) == 0.9


def test_weighted_sample_favours_the_heavy_and_picks_without_repeats():
    rows = list(range(1000))
    weights = [10.0 if i < 100 else 1.0 for i in rows]
    picked = weighted_sample(random.Random(3), rows, weights, 100)
    assert len(set(picked)) == 100
    heavy = sum(i < 100 for i in picked)
    assert heavy > 40  # uniform picking would give about 10
    assert weighted_sample(random.Random(3), rows[:5], weights[:5], 9) == rows[:5]


@pytest.mark.django_db
def test_past_records_point_at_the_prone_enterprises(demo_world):
    """The demo's penalties and complaints fall on enterprises of high propensity, so a
    classification from them has something to find."""
    from zhiliang.complaints.models import Complaint
    from zhiliang.enterprises.models import Enterprise
    from zhiliang.penalties.models import Penalty

    usccs = dict(Enterprise.objects.values_list("id", "uscc"))
    everyone = statistics.fmean(propensity(1, u) for u in usccs.values())
    for model in (Penalty, Complaint):
        ids = set(model.objects.exclude(enterprise=None).values_list("enterprise_id", flat=True))
        with_records = statistics.fmean(propensity(1, usccs[i]) for i in ids)
        assert with_records > 1.5 * everyone, model


@pytest.mark.django_db
def test_pages_say_when_the_data_is_synthetic(settings, tmp_path, login):
    settings.HOME = tmp_path
    client = login("viewer", "320412")
    assert not holds_synthetic_data()
    assert 'id="synthetic-data-notice"' not in client.get(reverse("home")).content.decode()
    synthetic_data_mark()
    page = client.get(reverse("home")).content.decode()
    assert 'id="synthetic-data-notice"' in page and "合成数据" in page
    login_page = Client().get(reverse("login")).content.decode()
    assert 'id="synthetic-data-notice"' in login_page


@pytest.mark.django_db
def test_generating_data_marks_the_installation(settings, tmp_path, regions):
    from zhiliang.demo.generate import generate

    settings.HOME = tmp_path
    generate(scale="district", limit=30, progress=False)
    assert holds_synthetic_data()
