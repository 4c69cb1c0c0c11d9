"""The cells of the signals: product × region (county, city, province) × period, counted in
one grouped query per source and rolled up the region tree in NumPy.

Region ids are codes padded to nine digits plus a level digit (core.regions), so a
record's county is its region id divided by 10⁴: no join. Counts of a county roll up to
its city (code ÷ 100) and province (÷ 10⁴); the three levels never collide as integers
(provinces 11–82, cities 1101–8299, counties ≥ 110100).
"""

from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db.models import BigIntegerField, Count, ExpressionWrapper, F, Q, Value
from django.db.models.functions import ExtractMonth, ExtractQuarter, ExtractYear

PER_YEAR = {"quarter": 4, "month": 12}


def period_of(day: date, unit: str) -> int:
    if unit == "month":
        return day.year * 12 + day.month - 1
    return day.year * 4 + (day.month - 1) // 3


def period_bounds(index: int, unit: str) -> tuple[date, date]:
    per = PER_YEAR[unit]
    months = 12 // per
    year, part = divmod(index, per)
    start = date(year, part * months + 1, 1)
    end_year, end_month = (year + 1, 1) if part == per - 1 else (year, (part + 1) * months + 1)
    return start, date.fromordinal(date(end_year, end_month, 1).toordinal() - 1)


def period_label(index: int, unit: str) -> str:
    per = PER_YEAR[unit]
    year, part = divmod(index, per)
    return f"{year}Q{part + 1}" if unit == "quarter" else f"{year}-{part + 1:02d}"


def grouped(queryset, date_field: str, unit: str, **counts):
    """(product id, county, period, *counts) rows as one integer array: one grouped query."""
    county = ExpressionWrapper(F("region_id") / Value(10_000), output_field=BigIntegerField())
    part = ExtractMonth(date_field) if unit == "month" else ExtractQuarter(date_field)
    rows = (
        queryset.annotate(county=county, y=ExtractYear(date_field), part=part)
        .values("product_id", "county", "y", "part")
        .annotate(**counts)
        .order_by()
        .values_list("product_id", "county", "y", "part", *counts)
    )
    arr = np.array(list(rows), dtype=np.int64).reshape(-1, 4 + len(counts))
    per = PER_YEAR[unit]
    period = arr[:, 2] * per + arr[:, 3] - 1
    return np.column_stack([arr[:, 0], arr[:, 1], period, arr[:, 4:]])


def sample_counts(*, start: date, end: date, unit: str):
    """Decided samples and failures: (product, county, period, n, failed)."""
    from zhiliang.inspections.choices import Verdict
    from zhiliang.inspections.models import Sample

    qs = Sample.objects.filter(
        sampled_on__range=(start, end), verdict__in=[Verdict.PASS, Verdict.FAIL]
    )
    return grouped(
        qs, "sampled_on", unit, n=Count("id"), x=Count("id", filter=Q(verdict=Verdict.FAIL))
    )


@dataclass
class Cells:
    """Dense arrays: one row per cell (product × region of one level), one column per period."""

    product: np.ndarray
    region: np.ndarray  # region code as an integer
    level: np.ndarray  # 3 county, 2 city, 1 province
    first: int  # period index of the first column
    values: dict  # name → (cells × periods) array

    @property
    def size(self) -> int:
        return len(self.product)

    def region_code(self, i: int) -> str:
        return str(int(self.region[i]))


def rolled_up(rows, *, first: int, periods: int, names: tuple[str, ...]) -> Cells:
    """Dense cells of every level from county rows (product, county, period, *values)."""
    rows = rows[(rows[:, 2] >= first) & (rows[:, 2] < first + periods)]
    county = rows[:, 1]
    levels = [(county, 3), (county // 100, 2), (county // 10_000, 1)]
    keys = np.concatenate([rows[:, 0] * 1_000_000 + code for code, _lvl in levels])
    level = np.concatenate([np.full(len(rows), lvl) for _code, lvl in levels])
    uniq, inverse = np.unique(keys, return_inverse=True)
    _u, first_of = np.unique(keys, return_index=True)
    col = np.tile(rows[:, 2] - first, 3)
    values = {}
    for k, name in enumerate(names):
        dense = np.zeros((len(uniq), periods), dtype=np.int64)
        np.add.at(dense, (inverse, col), np.tile(rows[:, 3 + k], 3))
        values[name] = dense
    return Cells(uniq // 1_000_000, uniq % 1_000_000, level[first_of], first, values)


def start_columns(cells: Cells, starts: dict[int, int] | None):
    """Each cell's first column of history when its source has a start per county (else
    None: every column counts). A county starts where it began reporting; a city or a
    province where the last of its reporting counties did, so that a county joining later
    does not read as a rise of its city."""
    if starts is None:
        return None
    periods = next(iter(cells.values.values())).shape[1]
    out = np.full(cells.size, periods, dtype=np.int64)  # unknown: no history
    if not starts:
        return out
    counties = np.array(sorted(starts), dtype=np.int64)
    first = np.array([starts[c] for c in counties.tolist()], dtype=np.int64)
    for level, div in ((3, 1), (2, 100), (1, 10_000)):
        keys, inverse = np.unique(counties // div, return_inverse=True)
        latest = np.full(len(keys), np.iinfo(np.int64).min)
        np.maximum.at(latest, inverse, first)
        sel = np.nonzero(cells.level == level)[0]
        pos = np.minimum(np.searchsorted(keys, cells.region[sel]), len(keys) - 1)
        known = keys[pos] == cells.region[sel]
        out[sel] = np.where(known, np.maximum(latest[pos] - cells.first, 0), periods)
    return out
