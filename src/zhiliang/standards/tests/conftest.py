from datetime import date

import pytest

from zhiliang.enterprises.models import EnterpriseProduct, Product
from zhiliang.standards import services


@pytest.fixture
def kettle_maker(make_enterprise):
    """A 武进区 enterprise making electric kettles (0107, family 01 家用电器)."""
    firm = make_enterprise("320412", size_class="large", established_on=date(2010, 1, 1))
    EnterpriseProduct.objects.create(enterprise=firm, product=Product.objects.get(code="0107"))
    return firm


@pytest.fixture
def gb4706(clerk):
    return services.standard_create(actor=clerk, data={
        "number": "GB 4706.1—2005", "title": "家用和类似用途电器的安全 第1部分：通用要求",
        "issued_on": date(2005, 8, 26), "implemented_on": date(2006, 8, 1),
    })  # fmt: skip


ITEMS = [
    {"indicator": name, "method": f"GB 4706.1 第{n}章"}
    for name, n in (("泄漏电流", 13), ("电气强度", 16), ("接地电阻", 27), ("发热", 11),
                    ("输入功率和电流", 10))
]  # fmt: skip
