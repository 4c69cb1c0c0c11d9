"""The draw's bulk (NumPy) arithmetic gives exactly what the plain-Python definition gives:
the same random stream, the same picks, the same pool digests and packing. The reference
implementations below are the algorithm as first written (es-keys-v1)."""

import base64
import hashlib
import heapq
import math
import random
import zlib
from array import array
from decimal import Decimal
from itertools import accumulate

import numpy as np
import pytest

from zhiliang.inspections import draw as drawing


def reference_select(ids, classes, count, random_share, weights, seed):
    n = len(ids)
    count = min(count, n)
    if count <= 0:
        return []
    rng = random.Random(seed)
    n_random = min(drawing.share_count(count, random_share), count)
    n_weighted = count - n_random
    u = [rng.random() for _ in range(n)]
    v = [1.0 - rng.random() for _ in range(n)]
    first = heapq.nsmallest(n_random, range(n), key=u.__getitem__)
    chosen = set(first)
    w = {k: float(Decimal(str(x))) for k, x in weights.items()}
    keyed = []
    if n_weighted:
        for cls in sorted(set(classes)):
            if w.get(cls, 0) <= 0:
                continue
            members = [i for i, c in enumerate(classes) if c == cls]
            best = heapq.nlargest(n_weighted + n_random, members, key=v.__getitem__)
            keyed += [(math.log(v[i]) / w[cls], -i) for i in best if i not in chosen]
    rest = heapq.nlargest(n_weighted, keyed)
    return [(ids[i], "random") for i in first] + [(ids[-neg], "weighted") for _k, neg in rest]


def reference_digest(ids, classes):
    h = hashlib.sha256()
    h.update(array("Q", ids).tobytes())  # little-endian machines only, as here
    h.update(b"|")
    h.update(classes.encode())
    return h.hexdigest()


def reference_pack_ids(ids):
    deltas = array("Q", [b - a for a, b in zip([0, *ids], ids, strict=False)])
    return zlib.compress(deltas.tobytes(), 1)


def test_bulk_stream_is_python_random():
    for seed in (0, 7, 2**63 + 5, drawing.derived_seed(123, "quota", 9)):
        rng = random.Random(seed)
        expected = [rng.random() for _ in range(5000)]
        assert drawing._mersenne(seed).random_sample(5000).tolist() == expected


@pytest.mark.parametrize("k", [0, 1, 3, 10, 50, 200])
def test_smallest_breaks_ties_like_heapq(k):
    values = np.array([random.Random(k).randrange(5) for _ in range(120)], dtype=float)
    assert drawing._smallest(values, k) == heapq.nsmallest(
        k, range(len(values)), key=values.tolist().__getitem__
    )
    among = np.arange(0, 120, 3)
    assert drawing._smallest(-values, k, among) == heapq.nlargest(
        k, among.tolist(), key=values.tolist().__getitem__
    )


@pytest.mark.parametrize(
    ("n", "count", "share", "weights"),
    [
        (1, 1, "0.2", {"A": "1", "B": "1", "C": "1", "D": "1"}),
        (40, 40, "0.2", {"A": "0.5", "B": "1", "C": "2", "D": "4"}),
        (500, 37, "0.2", {"A": "0.5", "B": "1", "C": "2", "D": "4"}),
        (5000, 200, "0.35", {"A": "1", "B": "0", "C": "3", "D": "9"}),
        (20000, 100, "1", {"A": "1", "B": "1", "C": "1", "D": "1"}),
        (20000, 100, "0", {"A": "0.1", "B": "1", "C": "1", "D": "10"}),
    ],
)
def test_bulk_select_picks_what_the_definition_picks(n, count, share, weights):
    rng = random.Random(n * 31 + count)
    ids = sorted(rng.sample(range(1, 10 * n + 2), n))
    classes = "".join(rng.choice("AABBBBCCD") for _ in range(n))
    for seed in (1, 99, 2**40 + 3):
        assert drawing.select(ids, classes, count, share, weights, seed) == reference_select(
            ids, classes, count, share, weights, seed
        )


def test_pool_digest_and_packing_keep_their_format():
    rng = random.Random(4)
    ids = sorted(rng.sample(range(1, 2**40), 3000))
    classes = "".join(rng.choice("ABCD") for _ in range(3000))
    assert drawing.pool_digest(ids, classes) == reference_digest(ids, classes)
    packed = drawing.pool_pack(ids, classes)
    assert zlib.decompress(base64.b64decode(packed["ids"])) == zlib.decompress(
        reference_pack_ids(ids)
    )
    assert drawing.pool_unpack(packed) == (ids, classes)
    assert list(accumulate(array("Q", zlib.decompress(reference_pack_ids(ids))))) == ids
    assert drawing.pool_unpack(drawing.pool_pack([], "")) == ([], "")


def reference_team(inspectors, conflicts, enterprise, region_code, size, seed):
    rng = random.Random(seed)
    keys = [rng.random() for _ in inspectors]
    order = heapq.nsmallest(size + len(conflicts), range(len(inspectors)), key=keys.__getitem__)
    chosen = []
    for i in order:
        if len(chosen) == size:
            break
        if not drawing.conflicted(inspectors[i], enterprise, region_code, conflicts):
            chosen.append(inspectors[i])
    return chosen


def test_bulk_team_is_the_defined_team():
    inspectors = list(range(100, 160))
    conflicts = {101: [(7, "")], 130: [(0, "3204")], 155: [(8, "")]}
    for seed in range(300):
        for size, enterprise, region in ((2, 7, "320412"), (3, 8, "320101"), (60, 1, "3204")):
            assert drawing.team(inspectors, conflicts, enterprise, region, size, seed) == (
                reference_team(inspectors, conflicts, enterprise, region, size, seed)
            )
    assert drawing.team([], {}, 1, "32", 2, 5) == []
