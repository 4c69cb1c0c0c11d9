from datetime import date, timedelta

import pytest
from django.utils import timezone

from zhiliang.core.choices import OrganizationKind


@pytest.fixture
def body(make_org):
    """An inspection body of 武进区, not yet in the registry."""
    return make_org(
        "320412", "武进区检测所", kind=OrganizationKind.INSPECTION_BODY, qualified=False
    )


@pytest.fixture
def lab_data(body):
    return {
        "organization": body,
        "level": "county",
        "cma_number": "201012340567",
        "cma_issued_on": date(2021, 3, 1),
        "cma_valid_until": date(2027, 2, 28),
        "cnas_number": "cnas l1234",
        "cnas_valid_until": date(2027, 2, 28),
        "parameter_count": 120,
    }


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def kettle_maker(make_enterprise):
    """A 武进区 enterprise making electric kettles (0107, HS 8516), and one of 新北区."""
    from zhiliang.enterprises.models import EnterpriseProduct, Product

    kettle = Product.objects.get(code="0107")
    ours = make_enterprise("320412")
    theirs = make_enterprise("320411")
    for firm in (ours, theirs):
        EnterpriseProduct.objects.create(enterprise=firm, product=kettle)
    return ours, theirs


def notice_data(region, today, **changes):
    data = {
        "region": region,
        "number": "G/TBT/N/JPN/812",
        "member": "日本",
        "title": "电气用品安全法技术基准修订",
        "products": "电热水壶",
        "hs_codes": ["8516"],
        "objective": "",
        "notified_on": today - timedelta(days=10),
        "comment_deadline": today + timedelta(days=50),
    }
    data.update(changes)
    return data
