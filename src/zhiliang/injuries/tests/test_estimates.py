"""Weighted estimates: a worked case checked by hand, the NEISS rule, and the same figures
through the database (grouped query, hospitals without cases counted)."""

from datetime import date

import pytest

from zhiliang.injuries.estimates import compute, periods
from zhiliang.injuries.selectors import injury_counts, injury_estimates

Q1 = (date(2026, 1, 1), date(2026, 3, 31))

# Stratum A: hospitals a1, a2 with weight 5 and 10, 4 cases; stratum B: b1, b2, b3 with
# weight 10 and 3, 0, 3 cases.
HOSPITALS = [
    (1, "A", 5, date(2025, 1, 1), None),
    (2, "A", 5, date(2025, 1, 1), None),
    (3, "B", 10, date(2025, 1, 1), None),
    (4, "B", 10, date(2025, 1, 1), None),
    (5, "B", 10, date(2025, 1, 1), None),
]
CELLS = [(Q1[0], "0401", 1, 10), (Q1[0], "0401", 2, 4), (Q1[0], "0401", 3, 3),
         (Q1[0], "0401", 5, 3)]  # fmt: skip


def test_worked_case_by_hand():
    """By hand: estimate = 5·10 + 5·4 + 10·3 + 10·0 + 10·3 = 130.
    Stratum A: z = 50, 20, mean 35, Σ(z − z̄)² = 450, × 2/1 → 900.
    Stratum B: z = 30, 0, 30, mean 20, Σ(z − z̄)² = 600, × 3/2 → 900.
    V = 1,800, SE = 42.43, CV = 32.6 %, 95 % interval 130 ± 83.2 = 46.8 … 213.2.
    Stable on the CV (≤ 33 %) and on the cases (20), unstable as the estimate is < 1,200."""
    [e] = compute(
        hospitals=HOSPITALS, rows=CELLS, windows=[Q1], names={"0401": ("0401", "电动自行车")}
    )
    assert (e.code, e.name, e.cases) == ("0401", "电动自行车", 20)
    assert e.estimate == 130
    assert e.se == pytest.approx(42.4264, abs=1e-4)
    assert e.cv == pytest.approx(0.32636, abs=1e-5)
    assert (e.low, e.high) == (pytest.approx(46.845, abs=1e-3), pytest.approx(213.155, abs=1e-3))
    assert e.reasons == ["estimate below 1,200"]


def test_unstable_reasons_in_words():
    hospitals = [(1, "A", 100, date(2025, 1, 1), None), (2, "A", 100, date(2025, 1, 1), None),
                 (3, "B", 1, date(2025, 1, 1), None)]  # fmt: skip
    # 19 cases: too few, and the two hospitals of A differ widely: CV well over 33 %.
    rows = [(Q1[0], "0107", 1, 18), (Q1[0], "0107", 2, 1)]
    [e] = compute(hospitals=hospitals, rows=rows, windows=[Q1], names={})
    assert e.estimate == 1900 and e.cv > 0.33
    assert e.reasons == ["based on fewer than 20 cases", "coefficient of variation above 33 %"]
    # Stratum B has one hospital: with a case there its variance cannot be estimated.
    [e] = compute(hospitals=hospitals, rows=rows + [(Q1[0], "0107", 3, 40)], windows=[Q1],
                  names={})  # fmt: skip
    assert "a stratum has a single reporting hospital: its variance is unknown" in e.reasons


def test_a_hospital_not_reporting_in_a_period_is_left_out_of_its_stratum():
    late = [*HOSPITALS[:4], (5, "B", 10, date(2026, 4, 1), None)]
    rows = [r for r in CELLS if r[2] != 5]
    [e] = compute(hospitals=late, rows=rows, windows=[Q1], names={})
    # Stratum B now has b1, b2: z = 30, 0, Σ(z − z̄)² = 450, × 2 → 900; A as before.
    assert e.estimate == 100 and e.se**2 == pytest.approx(1800)


def test_periods_cover_the_span():
    assert periods(date(2026, 2, 15), date(2026, 7, 1), "quarter") == [
        (date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 9, 30)),
    ]
    assert periods(date(2025, 12, 5), date(2026, 1, 2), "month")[-1] == (
        date(2026, 1, 1), date(2026, 1, 31))  # fmt: skip


@pytest.mark.english
def test_the_worked_case_through_the_database(make_hospital, make_case, office, make_user):
    a1, a2 = make_hospital(stratum="grade3"), make_hospital("320411", stratum="grade3")
    b = [make_hospital(stratum="grade1", weight="10") for _i in range(3)]
    for hospital, n in ((a1, 10), (a2, 4), (b[0], 3), (b[2], 3)):
        for _i in range(n):
            make_case(hospital)
    make_case(b[1], product_codes=["0107"])  # another product: b2 has none of 0401
    # A case naming two products of one category counts once for the category.
    make_case(b[1], product_codes=["0401", "0403"], treated_on=date(2026, 4, 2))
    [e, other] = injury_estimates(user=office, start=Q1[0], end=Q1[1], period="quarter")
    assert (e.code, e.cases, e.estimate) == ("0401", 20, 130)
    assert e.se == pytest.approx(42.4264, abs=1e-4)
    assert (other.code, other.cases, other.estimate) == ("0107", 1, 10)
    by_category = injury_estimates(user=office, start=Q1[0], end=date(2026, 6, 30),
                                   period="year", level="category", product="04")  # fmt: skip
    assert [(e.code, e.cases, e.estimate) for e in by_category] == [("04", 21, 140)]
    # 新北区 sees its own hospital only (a2: 5 × 4), and 武进区 its figures on a region.
    xinbei = make_user("office_staff", "320411")
    [e] = injury_estimates(user=xinbei, start=Q1[0], end=Q1[1])
    assert (e.cases, e.estimate) == (4, 20)
    assert injury_estimates(user=xinbei, start=Q1[0], end=Q1[1], region="320412") == []


def test_injury_counts_per_product_county_and_period(make_hospital, make_case):
    wujin, xinbei = make_hospital(), make_hospital("320411")
    make_case(wujin)
    make_case(wujin, treated_on=date(2026, 1, 5), product_codes=["0401", "0107"])
    make_case(xinbei, treated_on=date(2026, 5, 5))
    rows = injury_counts(period_start=date(2026, 1, 1), period_end=date(2026, 6, 30))
    assert rows == [
        {"product": "0107", "region": "320412", "period": date(2026, 1, 1), "cases": 1,
         "weighted": 5.0},
        {"product": "0401", "region": "320411", "period": date(2026, 4, 1), "cases": 1,
         "weighted": 5.0},
        {"product": "0401", "region": "320412", "period": date(2026, 1, 1), "cases": 2,
         "weighted": 10.0},
    ]  # fmt: skip
    assert injury_counts(period_start=date(2026, 1, 1), period_end=date(2026, 6, 30),
                         by=("region",)) == [
        {"region": "320411", "cases": 1, "weighted": 5.0},
        {"region": "320412", "cases": 3, "weighted": 15.0},
    ]  # fmt: skip
