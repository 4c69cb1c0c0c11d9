"""core/bulk.py: the set-based helpers the importers write and look up with."""

import pytest

from zhiliang.core.bulk import values_present
from zhiliang.core.models import Region

pytestmark = pytest.mark.usefixtures("regions")


def test_values_present_finds_exactly_the_stored_values_across_chunks():
    # More values than one SQLite chunk (900) holds, the stored ones spread over them.
    stored = list(Region.objects.values_list("code", flat=True)[:5])
    wanted = [f"X{i:05d}" for i in range(2000)]
    wanted[10:10], wanted[1500:1500] = stored[:2], stored[2:]
    assert values_present(Region, "code", wanted) == set(stored)
    assert values_present(Region, "code", []) == set()


def test_values_present_any_text_and_integers_alike():
    # On PostgreSQL letters and digits, and integers, go as one text the server splits;
    # other text as an array: the answers must not depend on the way.
    codes = list(Region.objects.order_by("code").values_list("code", flat=True)[:3])
    joined = ",".join(codes[:2])  # a comma in a value is not two values
    assert values_present(Region, "code", [joined, "", " x", codes[2]]) == {codes[2]}
    assert values_present(Region, "code", [joined]) == set()
    names = list(Region.objects.order_by("code").values_list("name", flat=True)[:3])
    assert values_present(Region, "name", [*names, "甲,乙"]) == set(names)
    ids = list(Region.objects.order_by("id").values_list("id", flat=True)[:4])
    assert values_present(Region, "id", [*ids, 10**12]) == set(ids)
    assert values_present(Region, "id", [10**12]) == set()
