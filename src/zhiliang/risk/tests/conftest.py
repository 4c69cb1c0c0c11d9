"""Fixtures of the risk tests: a small 常州市 world to sample."""

import pytest

COUNTIES = ("320402", "320404", "320411", "320412", "320413")


@pytest.fixture
def changzhou(make_org, make_enterprise):
    """The city's market bureau and six enterprises in each of five counties."""
    from zhiliang.enterprises.catalogue import products_load
    from zhiliang.enterprises.models import Product

    products_load(Product)
    make_org("3204", name="常州市市场监督管理局")
    for county in COUNTIES:
        for _i in range(6):
            make_enterprise(county)
