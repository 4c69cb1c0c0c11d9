"""Fixtures of the injury surveillance tests."""

from datetime import date
from decimal import Decimal

import pytest

JOINED = date(2025, 1, 1)


@pytest.fixture
def make_hospital(regions, office):
    from zhiliang.core.models import Region
    from zhiliang.injuries.services import hospital_create

    counter = {"n": 0}

    def make(region_code="320412", stratum="grade2", weight="5", **changes):
        counter["n"] += 1
        data = {
            "code": f"H{counter['n']:03d}",
            "name": f"哨点医院{counter['n']}",
            "region": Region.objects.get(code=region_code),
            "stratum": stratum,
            "weight": Decimal(weight),
            "joined_on": JOINED,
        }
        data.update(changes)
        return hospital_create(actor=office, data=data)

    return make


@pytest.fixture
def make_case(office):
    from zhiliang.injuries.services import case_create

    counter = {"n": 0}

    def make(hospital, actor=None, **changes):
        counter["n"] += 1
        data = {
            "hospital": hospital,
            "case_number": f"C{counter['n']:05d}",
            "treated_on": date(2026, 2, 10),
            "age": 34,
            "sex": "M",
            "body_part": "lower_limb",
            "diagnosis": "fracture",
            "disposition": "released",
            "place": "road",
            "product_codes": ["0401"],
            "narrative": "骑电动自行车时刹车失灵摔倒。",
        }
        data.update(changes)
        return case_create(actor=actor or office, data=data)

    return make
