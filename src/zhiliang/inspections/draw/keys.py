"""Digests, derived seeds and packed pools: the pieces of a draw that are neither the
database nor the algorithm."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import zlib
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

# --- helpers -------------------------------------------------------------------------------


def canonical(obj) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(obj) -> str:
    return hashlib.sha256(canonical(obj).encode()).hexdigest()


def derived_seed(seed: int, *parts) -> int:
    text = ":".join(str(p) for p in (seed, *parts))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def share_count(n: int, share: Decimal | str | float) -> int:
    return int((Decimal(n) * Decimal(str(share))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _u64(values) -> np.ndarray:
    return np.asarray(values, dtype="<u8")  # little-endian 64-bit, whatever the machine


def pool_digest(ids: list[int], classes: str) -> str:
    h = hashlib.sha256()
    h.update(_u64(ids).tobytes())  # ids as little-endian 64-bit integers
    h.update(b"|")
    h.update(classes.encode())
    return h.hexdigest()


def pool_pack(ids: list[int], classes: str) -> dict:
    """Sorted ids as zlib-compressed 64-bit deltas; classes as a zlib-compressed string."""
    deltas = _u64(np.diff(np.asarray(ids, dtype=np.int64), prepend=0))
    return {
        "ids": base64.b64encode(zlib.compress(deltas.tobytes(), 1)).decode(),
        "classes": base64.b64encode(zlib.compress(classes.encode(), 1)).decode(),
    }


def pool_unpack(packed: dict) -> tuple[list[int], str]:
    deltas = np.frombuffer(zlib.decompress(base64.b64decode(packed["ids"])), dtype="<u8")
    ids = np.cumsum(deltas, dtype=np.uint64).tolist()
    classes = zlib.decompress(base64.b64decode(packed["classes"])).decode()
    return ids, classes


def _smallest(values: np.ndarray, k: int, among: np.ndarray | None = None) -> list[int]:
    """The positions of the k smallest values (of those `among`), ties to the lower position:
    what `heapq.nsmallest(k, positions, key=values.__getitem__)` returns."""
    idx = np.arange(len(values)) if among is None else among
    vals = values[idx]
    if k < len(idx):
        kth = np.partition(vals, k - 1)[k - 1]
        keep = vals <= kth
        idx, vals = idx[keep], vals[keep]
    return idx[np.lexsort((idx, vals))][:k].tolist()
