"""The backtest on a small world whose figures were worked out by hand."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from zhiliang.credit.backtest import backtest, wilson
from zhiliang.credit.services import credit_records_refresh

pytestmark = pytest.mark.django_db
CUTOFF = date(2025, 1, 1)


@pytest.fixture
def hand_world(make_enterprise, make_penalty, office):
    """At the cut-off: A (trained CQO, score −5), two B (no records), C (two fines, 16),
    D (licence revoked). A fourfold fine after the cut-off must not count."""
    from zhiliang.enterprises.models import Product
    from zhiliang.infrastructure.models import Appointment, Training
    from zhiliang.inspections import services as sampling
    from zhiliang.inspections.models import Sample

    a = make_enterprise(chief_quality_officer="张三", cqo_trained_on=date(2020, 1, 1))
    cqo = Appointment.objects.create(enterprise=a, region=a.region, person="张三")
    Training.objects.create(appointment=cqo, enterprise=a, region=a.region, course="培训",
                            trained_on=date(2020, 1, 1))  # fmt: skip
    b1, b2, c, d = (make_enterprise() for _ in range(4))
    make_penalty(c, decided_on=date(2024, 6, 1))
    make_penalty(c, decided_on=date(2024, 7, 1))
    make_penalty(d, kind="licence_revocation", decided_on=date(2024, 6, 1))
    for _ in range(4):
        make_penalty(b2, decided_on=date(2025, 3, 1))
    plan = sampling.sampling_plan_create(
        actor=office,
        data={"name": "回测", "level": "city", "year": 2025, "authority": office.organization,
              "region": office.jurisdiction},
    )  # fmt: skip
    product = Product.objects.filter(parent__isnull=False).first()
    rows = []

    def add(enterprise, n, failed, on=date(2025, 5, 6)):
        for i in range(n):
            rows.append(
                Sample(
                    sample_number=f"B-{len(rows):04d}",
                    plan=plan,
                    enterprise=enterprise,
                    region=enterprise.region,
                    product=product,
                    sampled_on=on,
                    tested_on=on,
                    verdict="fail" if i < failed else "pass",
                )  # fmt: skip
            )

    add(a, 10, 1)
    add(b1, 5, 1)
    add(b2, 5, 1)
    add(c, 4, 2)
    add(d, 5, 4)
    add(b1, 3, 0, on=CUTOFF - timedelta(days=1))  # before: not counted
    add(d, 3, 3, on=date(2026, 1, 1))  # after the 12 months: not counted
    add(c, 2, 0, on=date(2025, 6, 1))
    rows[-1].verdict = rows[-2].verdict = "pending"  # not tested: not counted
    Sample.objects.bulk_create(rows)
    credit_records_refresh()


def test_wilson_interval():
    low, high = wilson(1, 10)
    assert (round(low, 4), round(high, 4)) == (0.0179, 0.4042)
    assert wilson(0, 0) is None


def test_backtest_figures(hand_world):
    result = backtest(cutoff=CUTOFF)
    classes = result["classes"]
    assert {k: (v["enterprises"], v["samples"], v["failures"]) for k, v in classes.items()} == {
        "A": (1, 10, 1), "B": (2, 10, 2), "C": (1, 4, 2), "D": (1, 5, 4),
    }  # fmt: skip
    assert [classes[k]["rate"] for k in "ABCD"] == [0.1, 0.2, 0.5, 0.8]
    assert result["ratio_d_to_a"] == 8.0
    # weighted (0.5·0.1 + 2·1·0.2 + 2·0.5 + 4·0.8) / 8.5 = 0.547059; uniform 1.8 / 5 = 0.36
    assert result["lift_per_100"] == 18.7059
    assert result["cutoff"] == "2025-01-01"


def test_backtest_command_json_keys(hand_world):
    out = StringIO()
    call_command("credit", "backtest", "--cutoff", "2025-01-01", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert {"cutoff", "classes", "ratio_d_to_a", "lift_per_100"} <= set(data)
    assert set(data["classes"]) == {"A", "B", "C", "D"}
    for row in data["classes"].values():
        assert {"enterprises", "samples", "failures", "rate"} <= set(row)
    assert data["ratio_d_to_a"] == 8.0


def test_classify_command(hand_world):
    from zhiliang.enterprises.models import Enterprise

    out = StringIO()
    call_command("credit", "classify", stdout=out)
    # Today the failures of 2025 and b2's fines count too: a 5, b1 10, b2 34, c 36, d forced.
    assert "classes: A 0, B 2, C 0, D 3" in out.getvalue()
    uscc = Enterprise.objects.filter(credit_class__computed_class="D").first().uscc
    out = StringIO()
    call_command("credit", "classify", "--enterprise", uscc.lower(), stdout=out)
    assert "A 0, B 0, C 0, D 1; 0 changed" in out.getvalue()


def test_bad_cutoff_is_a_clear_message(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("credit", "backtest", "--cutoff", "2025-13-01")


def test_classify_an_unknown_enterprise_is_a_clear_message(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No enterprise with USCC"):
        call_command("credit", "classify", "--enterprise", "91320412MA1XXXXXXX")
