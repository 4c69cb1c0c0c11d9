"""The sources of the computed indicators: which rows, which region, which months."""

from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as dtime

from django.apps import apps
from django.db import models
from django.db.models import F, Func, IntegerField, Max, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from zhiliang.indicators import periods as P
from zhiliang.indicators.catalogue import part_q

# (model, region_field, date_field, period_mode, end_field)
SourceKey = tuple[str, str, str, str, str | None]


class MonthIndex(Func):
    """year × 12 + month − 1 of a date, in SQL, without a per-row Python function."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"(CAST(EXTRACT(YEAR FROM {sql}) AS INTEGER) * 12 "
            f"+ CAST(EXTRACT(MONTH FROM {sql}) AS INTEGER) - 1)",
            [*params, *params],
        )

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"(CAST(substr({sql}, 1, 4) AS INTEGER) * 12 "
            f"+ CAST(substr({sql}, 6, 2) AS INTEGER) - 1)",
            [*params, *params],
        )


@dataclass
class Slot:
    indicator_id: int
    part: str  # "n" or "d"
    aggregate: str
    field: str | None
    q: Q


@dataclass
class Source:
    key: SourceKey
    slots: list[Slot] = field(default_factory=list)

    @property
    def model(self):
        return apps.get_model(self.key[0])

    @property
    def stock(self) -> bool:
        return self.key[3] == "stock"

    @property
    def distinct(self) -> bool:
        return any(s.aggregate == "count_distinct" for s in self.slots)

    @property
    def by_period(self) -> bool:
        """Whether its counts must be taken per period rather than added up over months:
        a distinct count whose value can sit in several regions or months (an industry
        counted once in a township however many of its enterprises were set up when)."""
        return self.distinct and not all(_value_places(self, s) for s in self.slots)


def _single_valued(model, path: str) -> bool:
    """Each row reaches at most one value along `path`: forward foreign keys only."""
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if not field.is_relation:
            return True
        if not (field.concrete and (field.many_to_one or field.one_to_one)):
            return False
        model = field.related_model
    return True


def _value_places(source: Source, slot: Slot) -> bool:
    """Whether the value a distinct count counts fixes the region and months of every row
    holding it — the row's own key, or a foreign key through which the region and dates are
    read (a maker counted among products made, placed by the maker's region and date). Such
    a value is in one (region, month in, month out) group only, so its counts add up over
    months and regions like plain counts."""
    model, (_m, region_field, date_field, _mode, end_field) = source.model, source.key
    paths = [p for p in (region_field, date_field, end_field) if p]
    if not slot.field or "__" in slot.field:
        return False
    if not all(_single_valued(model, p) for p in paths):
        return False
    field = model._meta.get_field(slot.field)
    if field.primary_key:
        return True
    if not (field.concrete and field.many_to_one):
        return False
    return all(p.startswith(f"{field.name}__") for p in paths)


def sources_of(indicators) -> list[Source]:
    """Group the parts of the indicators by the table and placing they read."""
    found: dict[tuple, Source] = {}
    for indicator in indicators:
        for name, part in indicator.parts:
            key = tuple(part[k] for k in ("model", "region_field", "date_field", "period_mode"))
            key = (*key, part.get("end_field"))
            aggregate = part.get("aggregate", "count")
            # count_distinct parts go into a source of their own (grouped by period).
            group = (*key, aggregate == "count_distinct")
            source = found.setdefault(group, Source(key))
            source.slots.append(
                Slot(indicator.id, name[0], aggregate, part.get("field"), part_q(part))
            )
    return list(found.values())


def _is_datetime(model, path: str) -> bool:
    from zhiliang.indicators.catalogue import _resolve_path

    return isinstance(_resolve_path(model, path), models.DateTimeField)


def _bound(is_dt: bool, d: date):
    return timezone.make_aware(datetime.combine(d, dtime.min)) if is_dt else d


def _month_expr(model, path: str):
    return MonthIndex(TruncDate(path) if _is_datetime(model, path) else F(path))


def source_range(
    source: Source, floor: date | None = None, today: date | None = None
) -> tuple[date | None, date | None]:
    """Earliest and latest date of the source's rows (a stock lasts until today) — or, with
    `floor` and `today`, those dates held within them: a row before the floor (after today)
    makes the floor (today) the answer, found by the first such row rather than a scan of
    a registry of millions for its exact minimum (maximum)."""
    model, date_field = source.model, source.key[2]
    rows = model._default_manager.all()
    is_dt = _is_datetime(model, date_field)

    def beyond(lookup: str, day: date | None) -> bool:
        at = {f"{date_field}__{lookup}": _bound(is_dt, day)} if day else None
        return bool(at) and rows.filter(**at).exists()

    lo = floor if beyond("lt", floor) else None
    hi = today if not source.stock and beyond("gte", today) else None  # a stock's is today
    wanted = {}
    if lo is None:
        wanted["lo"] = Min(date_field)
    if hi is None and not source.stock:
        wanted["hi"] = Max(date_field)
    found = rows.aggregate(**wanted) if wanted else {}
    lo = lo or _local_date(found.get("lo"))
    hi = hi or _local_date(found.get("hi"))
    if source.stock and lo is not None:
        hi = today or timezone.localdate()
    return lo, hi


def _local_date(value):
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def default_periods(sources: list[Source], today: date | None = None) -> list[P.Period]:
    today = today or timezone.localdate()
    ranges = [source_range(s, P.default_floor(today), today) for s in sources]
    los = [lo for lo, _hi in ranges if lo]
    his = [hi for _lo, hi in ranges if hi]
    first, last = P.default_window(min(los) if los else None, max(his) if his else None, today)
    return P.started_by(P.periods_between(first, last), today)
