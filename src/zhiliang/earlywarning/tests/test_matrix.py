"""The risk matrix of data/matrix.yaml, worked by hand: severity × probability band."""

import pytest

from zhiliang.earlywarning import rules


@pytest.mark.parametrize(
    ("severity", "steps", "band", "level"),
    [
        # 0.05 × 0.5 × 0.2 = 0.005: above 1/1 000, not above 1/100 → row "> 1/1 000";
        # severity 3 in that row is serious.
        (3, [0.05, 0.5, 0.2], "> 1/1 000", "serious"),
        # 0.01 exactly is not above 1/100: the row below; severity 1 there is low.
        (1, [0.1, 0.1], "> 1/1 000", "low"),
        # 1/2 000 = 0.0005 → "> 1/10 000"; severity 2 → medium.
        (2, [0.05, 0.01], "> 1/10 000", "medium"),
        # 0.6 → "> 50 %"; severity 1 → high, severity 4 → serious.
        (1, [0.6], "> 50 %", "high"),
        (4, [0.6], "> 50 %", "serious"),
        # 1e-7 → the last row: low for every severity, even 4.
        (4, [0.001, 0.0001], "≤ 1/1 000 000", "low"),
        # 2e-6 → "> 1/1 000 000"; severity 4 → medium.
        (4, [0.002, 0.001], "> 1/1 000 000", "medium"),
    ],
)
def test_worked_cases(severity, steps, band, level):
    p = rules.chain(steps)
    assert rules.band_of(p)["name"] == band
    assert rules.risk_level(severity, p) == level


def test_matrix_names_its_source_and_certainty():
    matrix = rules.matrix()
    assert "2019/417" in matrix["source"] and "22760" in matrix["source"]
    assert matrix["sure"] in ("✓", "?")
    assert [s["level"] for s in matrix["severities"]] == [1, 2, 3, 4]
    assert all(len(b["levels"]) == 4 for b in matrix["bands"])


def test_probability_is_written_as_offices_write_it():
    assert rules.probability_words(0.005) == "1/200"
    assert rules.probability_words(1 / 56000) == "1/56,000"
    assert rules.probability_words(0.25) == "25 %"
