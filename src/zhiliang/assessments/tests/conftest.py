from datetime import UTC, datetime
from decimal import Decimal

import pytest

CODES = {
    "sampling.pass_rate": ("监督抽查合格率", "higher"),
    "equipment.inspection_on_time_rate": ("特种设备定期检验率", "higher"),
    "operators.certified_rate": ("特种设备作业人员持证率", "higher"),
    "instruments.verification_coverage": ("强制检定覆盖率", "higher"),
    "risk.incident_rate": ("质量安全事故率", "lower"),
    "equipment.registration_rate": ("特种设备注册登记率", "higher"),
    "licensing.ccc_rate": ("3C目录产品领证率", "higher"),
    "quality.major_incidents": ("区域性重大质量安全事件数", "lower"),
}
# 常州市's county-level units.
DISTRICTS = ("320402", "320404", "320411", "320412", "320413", "320481")


@pytest.fixture
def indicators(db):
    from zhiliang.indicators.models import Indicator

    return {
        code: Indicator.objects.create(
            code=code,
            name=name,
            unit="%",
            direction=direction,
            kind="computed",
            definition={"denominator": {"aggregate": "count"}},
        )
        for code, (name, direction) in CODES.items()
    }


@pytest.fixture
def set_value(indicators):
    """Create or change one IndicatorValue directly (no engine needed)."""
    from zhiliang.core.models import Region
    from zhiliang.indicators import periods
    from zhiliang.indicators.models import IndicatorValue

    def put(code: str, region_code: str, period: str, value, denominator=100):
        p = periods.parse(period)
        value = Decimal(str(value))
        row, _ = IndicatorValue.objects.update_or_create(
            indicator=indicators[code],
            region=Region.objects.get(code=region_code),
            period=period,
            defaults={
                "period_start": p.start,
                "period_end": p.end,
                "numerator": value * denominator / 100 if denominator else value,
                "denominator": denominator,
                "value": value,
                "computed_at": datetime(2026, 11, 1, tzinfo=UTC),
            },
        )
        return row

    return put


@pytest.fixture
def scheme_data():
    return {
        "code": "test",
        "name": "测试考核",
        "period": "2025/2026",
        "total_points": 100,
        "items": [
            {
                "name": "监督抽查合格率",
                "indicator": "sampling.pass_rate",
                "points": 60,
                "target": 90,
                "floor": 80,
            },
            {
                "name": "事故率",
                "indicator": "risk.incident_rate",
                "points": 20,
                "target": 1,
                "floor": 3,
            },
            {"name": "全员质量培训", "kind": "manual", "points": 20},
            {"name": "质量安全事故", "kind": "veto", "veto_grade": "D"},
        ],
    }


@pytest.fixture
def scheme(regions, indicators, scheme_data):
    from zhiliang.assessments.services import scheme_load
    from zhiliang.core.models import Region

    return scheme_load(data=scheme_data, region=Region.objects.get(code="3204"))


@pytest.fixture
def changzhou_values(set_value):
    """Sampling pass rate and incident rate of 2025/2026 for every 常州 district."""
    figures = {
        "320402": (95, 0.5),  # 天宁: full marks on both
        "320404": (85, 2),  # 钟楼: half and half
        "320411": (95, 0.5),  # 新北: ties 天宁
        "320412": (80, 4),  # 武进: zero on both
        "320413": (88, 1),  # 48 + 20
        # 溧阳 320481 has no values.
    }
    for code, (rate, incidents) in figures.items():
        set_value("sampling.pass_rate", code, "2025/2026", rate)
        set_value("risk.incident_rate", code, "2025/2026", incidents)
    return figures


@pytest.fixture
def draft(scheme, office, changzhou_values):
    """常州市's assessment of its districts, run and not yet published."""
    from zhiliang.assessments import services
    from zhiliang.assessments.choices import SubjectKind
    from zhiliang.core.models import Region

    return services.result_run(
        actor=office,
        scheme=scheme,
        region=Region.objects.get(code="3204"),
        subject_kind=SubjectKind.REGION,
    )
