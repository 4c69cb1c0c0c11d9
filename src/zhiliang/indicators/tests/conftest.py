"""A small world whose indicator values are counted by hand in the tests."""

from datetime import date

import pytest

# (key, region, established, status, chief quality officer, size, industry division)
ENTERPRISES = [
    ("e1", "320412001", date(2020, 1, 10), "active", "张三", "large", "34"),
    ("e2", "320412001", date(2024, 6, 30), "operating", "", "small", "34"),
    ("e3", "320412001", date(2024, 7, 1), "active", "李四", "micro", "51"),
    ("e4", "320412001", date(2019, 5, 1), "cancelled", "王五", "small", "34"),
    ("e5", "320412002", date(2023, 3, 15), "active", "", "medium", "34"),
    ("e6", "320412", date(2022, 11, 30), "active", "赵六", "small", "51"),
    ("e7", "320411002", date(2021, 2, 1), "active", "", "large", "34"),
    ("e8", "320411002", date(2025, 1, 15), "active", "钱七", "medium", "34"),
    ("e9", "320402001", None, "active", "孙八", "small", "34"),
]


@pytest.fixture
def world(make_enterprise):
    from zhiliang.enterprises.models import Industry

    industries = {c: Industry.objects.get(code=c) for c in ("34", "51")}
    made = {}
    for key, region, established, status, cqo, size, industry in ENTERPRISES:
        made[key] = make_enterprise(
            region,
            established_on=established,
            status=status,
            chief_quality_officer=cqo,
            size_class=size,
            industry=industries[industry],
        )
    return made


@pytest.fixture
def catalogue(db):
    from zhiliang.indicators.catalogue import catalogue_load

    return catalogue_load()


@pytest.fixture
def computed(world, catalogue):
    """The real catalogue computed over the small world for 2023–2025."""
    from zhiliang.indicators import engine
    from zhiliang.indicators import periods as P

    periods = P.periods_between(date(2023, 1, 1), date(2025, 12, 31))
    return engine.compute(periods=periods)


def value(code, region, period):
    from zhiliang.indicators.models import IndicatorValue

    return IndicatorValue.objects.filter(
        indicator__code=code, region__code=region, period=period
    ).first()
