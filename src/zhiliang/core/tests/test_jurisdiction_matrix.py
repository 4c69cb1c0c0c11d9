"""A filter cannot reach past the jurisdiction. (Lists, reads and writes of another
district's records: core/tests/test_jurisdiction_api.py and test_lists.py, for every model.)"""

import pytest

A, B = "320412", "320411"  # 武进区, 新北区


@pytest.fixture
def world(make_org, make_enterprise):
    make_org(A)
    make_org(B)


def test_region_filter_cannot_widen_the_jurisdiction(world, api, make_enterprise):
    make_enterprise(B + "002")
    client = api("viewer", A)
    assert client.get("/api/enterprises/", {"region": B}).json()["count"] == 0
    assert client.get("/api/enterprises/", {"region": "32"}).json()["count"] == 0
