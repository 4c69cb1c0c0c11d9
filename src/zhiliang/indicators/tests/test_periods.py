from datetime import date

import pytest

from zhiliang.indicators import periods as P


@pytest.mark.parametrize(
    "code,kind,start,end",
    [
        ("2025", "year", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025-Q1", "quarter", date(2025, 1, 1), date(2025, 3, 31)),
        ("2024-Q4", "quarter", date(2024, 10, 1), date(2024, 12, 31)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-02", "month", date(2025, 2, 1), date(2025, 2, 28)),
        ("2024/2025", "ayear", date(2024, 7, 1), date(2025, 6, 30)),
    ],
)
def test_parse(code, kind, start, end):
    p = P.parse(code)
    assert (p.code, p.kind, p.start, p.end) == (code, kind, start, end)


@pytest.mark.parametrize(
    "code", ["", "25", "2025-13", "2025-00", "2025-Q5", "2025/2027", "x", "2025-1"]
)
def test_parse_rejects(code):
    with pytest.raises(P.PeriodError, match="period|assessment year"):
        P.parse(code)


def test_assessment_year_message():
    with pytest.raises(P.PeriodError, match="1 July"):
        P.parse("2024/2026")


def test_months_are_whole():
    p = P.parse("2024/2025")
    assert p.start_month == 2024 * 12 + 6 and p.end_month == 2025 * 12 + 5


def test_periods_of_year_cover_both_assessment_years():
    codes = [p.code for p in P.periods_of_year(2025)]
    assert codes[:2] == ["2025", "2025-Q1"]
    assert "2024/2025" in codes and "2025/2026" in codes and "2025-12" in codes
    assert len(codes) == 1 + 4 + 12 + 2


def test_periods_between_overlaps():
    codes = {p.code for p in P.periods_between(date(2024, 6, 15), date(2024, 7, 2))}
    assert codes == {"2024", "2024-Q2", "2024-Q3", "2024-06", "2024-07", "2023/2024", "2024/2025"}


def test_default_window_bounded():
    today = date(2026, 5, 10)
    assert P.default_window(date(1990, 1, 1), date(2030, 1, 1), today) == (date(2023, 1, 1), today)
    assert P.default_window(date(2025, 3, 1), date(2025, 9, 1), today) == (
        date(2025, 3, 1),
        date(2025, 9, 1),
    )
    # Nothing dated: the current year so far.
    assert P.default_window(None, None, today) == (date(2026, 1, 1), today)


def test_started_by():
    periods = P.periods_of_year(2026)
    started = {p.code for p in P.started_by(periods, date(2026, 2, 1))}
    assert "2026-02" in started and "2026-03" not in started and "2026/2027" not in started
