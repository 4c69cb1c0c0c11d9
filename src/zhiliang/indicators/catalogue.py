"""The indicator catalogue: every `src/zhiliang/<app>/indicators.yaml`, checked and loaded.

The contract is docs/decisions/0002-indicator-catalogue.md. A malformed entry stops the
whole load with a message naming the file and the code; nothing is written then.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db import models, transaction
from django.db.models import Q

from zhiliang.core import yamldata
from zhiliang.indicators.choices import Direction, IndicatorKind

APPS_ROOT = Path(__file__).resolve().parent.parent

REQUIRED = ("code", "name", "unit", "direction", "kind", "formula", "source")
# `reported_fallback`: a computed indicator's reported counterpart (kind reported), whose
# figure its page shows, marked as reported, where the registry holds nothing.
OPTIONAL = ("name_en", "reported_fallback")
SOURCE_KEYS = ("model", "region_field", "date_field", "period_mode", "end_field")
PART_KEYS = ("aggregate", "field", "filter", "exclude")
PART_NAMES = ("numerator", "denominator")
AGGREGATES = ("count", "count_distinct", "sum")
PERIOD_MODES = ("flow", "stock")
# Units whose value is the ratio scaled: "%" → × 100, "‰" → × 1000.
SCALES = {"%": 100, "‰": 1000}


class CatalogueError(Exception):
    """A malformed catalogue entry; the message names the file and the code."""


@dataclass
class Entry:
    app: str
    path: Path
    data: dict


def catalogue_files(root: Path = APPS_ROOT) -> list[Path]:
    return sorted(root.glob("*/indicators.yaml"))


def _fail(path: Path, code, message: str):
    where = path.relative_to(APPS_ROOT.parent) if path.is_relative_to(APPS_ROOT.parent) else path
    raise CatalogueError(f"{where}: {code or '(no code)'}: {message}")


def _resolve_path(model, path: str):
    """The field at the end of a `a__b__c` path, or FieldDoesNotExist."""
    field = None
    current = model
    for name in path.split("__"):
        if current is None:
            raise FieldDoesNotExist(f"{path}: {name} follows a field that is not a relation")
        field = current._meta.get_field(name)
        current = field.related_model if field.is_relation else None
    return field


def _lookups_q(lookups: dict) -> Q:
    """`{field: value}` → Q; a value `{F: other}` compares with another field."""
    q = Q()
    for key, value in lookups.items():
        if isinstance(value, dict) and set(value) == {"F"}:
            value = models.F(value["F"])
        q &= Q(**{key: value})
    return q


def part_q(part: dict) -> Q:
    q = _lookups_q(part.get("filter") or {})
    exclude = part.get("exclude") or {}
    if exclude:
        q &= ~_lookups_q(exclude)
    return q


def _check_entry(path: Path, raw) -> dict:
    if not isinstance(raw, dict):
        _fail(path, None, "each entry must be a mapping with code, name, unit, …")
    code = raw.get("code")
    if not code or not isinstance(code, str):
        _fail(path, None, "an entry has no code")
    missing = [k for k in REQUIRED if k not in raw or raw[k] is None]
    if missing:
        _fail(path, code, f"missing keys: {', '.join(missing)}")
    known = set(REQUIRED) | set(OPTIONAL) | set(SOURCE_KEYS) | set(PART_NAMES)
    unknown = sorted(set(raw) - known)
    if unknown:
        _fail(path, code, f"unknown keys: {', '.join(unknown)}")
    if raw["direction"] not in Direction.values:
        _fail(path, code, f"direction must be higher or lower, not {raw['direction']!r}")
    if raw["kind"] not in IndicatorKind.values:
        _fail(path, code, f"kind must be computed or reported, not {raw['kind']!r}")
    if len(code) > 64:
        _fail(path, code, "the code is longer than 64 characters")
    if raw["kind"] == IndicatorKind.REPORTED:
        formula_keys = sorted(set(raw) & (set(SOURCE_KEYS) | set(PART_NAMES)))
        if formula_keys:
            _fail(
                path, code, f"a reported indicator has no formula parts: {', '.join(formula_keys)}"
            )
        return dict(raw)
    return _check_computed(path, code, dict(raw))


def _check_computed(path: Path, code: str, raw: dict) -> dict:
    if not isinstance(raw.get("numerator"), dict):
        _fail(path, code, "a computed indicator needs a numerator (a mapping)")
    if "denominator" in raw and not isinstance(raw["denominator"], dict):
        _fail(path, code, "the denominator must be a mapping")
    parts = [name for name in PART_NAMES if name in raw]
    for name in parts:
        part = raw[name]
        unknown = sorted(set(part) - set(PART_KEYS) - set(SOURCE_KEYS))
        if unknown:
            _fail(path, code, f"{name}: unknown keys: {', '.join(unknown)}")
        source = {k: part.get(k, raw.get(k)) for k in SOURCE_KEYS}
        source["period_mode"] = source["period_mode"] or "flow"
        for key in ("model", "region_field", "date_field"):
            if not source[key]:
                _fail(path, code, f"{name}: missing key {key}")
        try:
            model = apps.get_model(source["model"])
        except (LookupError, ValueError):
            _fail(path, code, f"{name}: unknown model {source['model']!r} (write app_label.Model)")
        label = source["model"]
        try:
            region = _resolve_path(model, source["region_field"])
        except FieldDoesNotExist:
            _fail(path, code, f"{name}: {label} has no field path {source['region_field']!r}")
        if not (region.is_relation and region.related_model._meta.label == "core.Region"):
            _fail(
                path,
                code,
                f"{name}: region_field {source['region_field']!r} is not a core.Region foreign key",
            )
        for key in ("date_field", "end_field"):
            if not source[key]:
                continue
            try:
                field = _resolve_path(model, source[key])
            except FieldDoesNotExist:
                _fail(path, code, f"{name}: {label} has no field path {source[key]!r}")
            if not isinstance(field, models.DateField):  # DateTimeField is a DateField
                _fail(path, code, f"{name}: {key} {source[key]!r} is not a date field")
        if source["period_mode"] not in PERIOD_MODES:
            _fail(
                path,
                code,
                f"{name}: period_mode must be flow or stock, not {source['period_mode']!r}",
            )
        if source["end_field"] and source["period_mode"] != "stock":
            _fail(path, code, f"{name}: end_field is for period_mode stock only")
        aggregate = part.get("aggregate", "count")
        if aggregate not in AGGREGATES:
            _fail(
                path,
                code,
                f"{name}: aggregate must be one of {', '.join(AGGREGATES)}, not {aggregate!r}",
            )
        field_name = part.get("field")
        if aggregate in ("sum", "count_distinct") and not field_name:
            _fail(path, code, f"{name}: aggregate {aggregate} needs a field")
        if field_name:
            try:
                field = _resolve_path(model, field_name)
            except FieldDoesNotExist:
                _fail(path, code, f"{name}: {label} has no field {field_name!r}")
            if aggregate == "sum" and not isinstance(
                field, (models.IntegerField, models.DecimalField, models.FloatField)
            ):
                _fail(path, code, f"{name}: cannot sum the non-numeric field {field_name!r}")
        for key in ("filter", "exclude"):
            if part.get(key) is not None and not isinstance(part[key], dict):
                _fail(path, code, f"{name}: {key} must be a mapping of Django lookups")
        try:
            # Compiling the query checks every field and lookup without running it.
            str(model._default_manager.filter(part_q(part)).query)
        except (FieldError, FieldDoesNotExist, ValueError, TypeError) as exc:
            _fail(path, code, f"{name}: bad filter: {exc}")
    if raw.get("unit") in SCALES and "denominator" not in raw:
        _fail(path, code, f"unit {raw['unit']} needs a denominator")
    return raw


def catalogue_read(files: list[Path] | None = None) -> list[Entry]:
    """Read and check every file; CatalogueError at the first malformed entry."""
    entries: list[Entry] = []
    seen: dict[str, Path] = {}
    for path in catalogue_files() if files is None else files:
        try:
            data = yamldata.load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            _fail(path, None, f"not valid YAML: {exc}")
        if not isinstance(data, list):
            _fail(path, None, "the file must hold a list of indicators")
        for raw in data:
            entry = _check_entry(path, raw)
            if entry["code"] in seen:
                _fail(path, entry["code"], f"the code is already defined in {seen[entry['code']]}")
            seen[entry["code"]] = path
            entries.append(Entry(app=path.parent.name, path=path, data=entry))
    _check_fallbacks(entries)
    return entries


def _check_fallbacks(entries: list[Entry]) -> None:
    kinds = {e.data["code"]: e.data["kind"] for e in entries}
    for e in entries:
        fallback = e.data.get("reported_fallback")
        if fallback is None:
            continue
        if e.data["kind"] != IndicatorKind.COMPUTED:
            _fail(e.path, e.data["code"], "only a computed indicator has a reported_fallback")
        if kinds.get(fallback) != IndicatorKind.REPORTED:
            _fail(
                e.path, e.data["code"], f"reported_fallback {fallback!r} is no reported indicator"
            )


@transaction.atomic
def catalogue_load(files: list[Path] | None = None) -> dict:
    """Create or update every indicator of the files; indicators no longer defined are made
    inactive (their values stay). Returns counts."""
    from zhiliang.indicators.models import Indicator

    entries = catalogue_read(files)
    existing = {i.code: i for i in Indicator.objects.all()}
    created = updated = 0
    for entry in entries:  # a catalogue holds tens of entries, not registry rows
        d = entry.data
        values = {
            "name": d["name"],
            "name_en": d.get("name_en") or "",
            "unit": str(d["unit"]),
            "direction": d["direction"],
            "kind": d["kind"],
            "formula": str(d["formula"]),
            "source": str(d["source"]),
            "app": entry.app,
            "definition": d,
            "active": True,
        }
        indicator = existing.get(d["code"])
        if indicator is None:
            Indicator.objects.create(code=d["code"], **values)
            created += 1
        elif any(getattr(indicator, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(indicator, k, v)
            indicator.save()
            updated += 1
    codes = {e.data["code"] for e in entries}
    retired = Indicator.objects.filter(active=True).exclude(code__in=codes).update(active=False)
    return {
        "files": len({e.path for e in entries}),
        "indicators": len(entries),
        "created": created,
        "updated": updated,
        "retired": retired,
    }
