"""Fixtures of the early-warning tests: 常州市 with two districts, their governments and market
bureaus, the product catalogue, and an open signal of 0401 电动自行车 in 武进区."""

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def cell(make_org, make_user, make_enterprise, catalogue):
    from zhiliang.core.choices import OrganizationKind
    from zhiliang.core.models import Region
    from zhiliang.enterprises.models import Product
    from zhiliang.risk.models import RiskInformation, Signal

    city_bureau = make_org("3204")
    for code in ("320412", "320411"):
        region = Region.objects.get(code=code)
        make_org(code, name=f"{region.name}人民政府", kind=OrganizationKind.GOVERNMENT)
        make_org(code)
    today = timezone.localdate()
    product = Product.objects.get(code="0401")
    wujin, xinbei = Region.objects.get(code="320412"), Region.objects.get(code="320411")
    signal = Signal.objects.create(
        product=product,
        region=wujin,
        method="cusum",
        window_start=today - timedelta(days=180),
        window_end=today,
        samples=160,
        events=24,
        statistic=6.2,
        limit=4.1,
        baseline=0.05,
        opened_on=today - timedelta(days=10),
    )
    other = Signal.objects.create(
        product=product,
        region=xinbei,
        method="cusum",
        window_start=today - timedelta(days=180),
        window_end=today,
        statistic=5.0,
        limit=4.1,
        baseline=0.05,
        opened_on=today - timedelta(days=10),
    )
    info = RiskInformation.objects.create(
        source_kind="media",
        product=Product.objects.get(code="0404"),
        hazard="mechanical",
        region=xinbei,
        occurred_on=today - timedelta(days=5),
        text="儿童自行车链条防护罩缺失。",
    )

    class Cell:
        pass

    c = Cell()
    c.product, c.signal, c.other_signal, c.info = product, signal, other, info
    c.wujin, c.xinbei = wujin, xinbei
    c.city_bureau = city_bureau
    c.city = make_user("office_staff", "3204", organization=city_bureau)
    c.district = make_user("office_staff", "320412")
    c.inspector = make_user("inspector", "320412")
    c.firm = make_enterprise("320412")
    return c


STEPS = [
    {"text": "充电时电池组热失控", "p": 0.05},
    {"text": "热失控发展为起火", "p": 0.5},
    {"text": "起火时有人在场", "p": 0.2},
]


@pytest.fixture
def assessment(cell):
    from zhiliang.earlywarning import services

    return services.assessment_start(
        actor=cell.city,
        data={
            "signal": cell.signal,
            "hazard": "fire",
            "scenario": "充电起火烧伤",
            "severity": 3,
            "steps": STEPS,
        },
    )


@pytest.fixture
def card(cell, assessment):
    from zhiliang.earlywarning import services

    return services.card_issue(
        actor=cell.city,
        data={
            "region": cell.wujin,
            "colour": "yellow",
            "product": cell.product,
            "hazard": "fire",
            "problem": "武进区电动自行车抽检不合格率升高。",
            "assessment": assessment,
            "signal": cell.signal,
        },
    )


def evidence(name="report.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n% rectification report\n", "application/pdf")
