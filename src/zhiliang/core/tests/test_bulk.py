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
