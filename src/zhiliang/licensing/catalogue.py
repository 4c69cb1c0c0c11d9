"""The certificate kinds and the compulsory-verification catalogue, packaged as data."""

from pathlib import Path

from zhiliang.core import yamldata

DATA = Path(__file__).resolve().parent / "data"
KINDS_YAML = DATA / "certificate_kinds.yaml"
INSTRUMENTS_YAML = DATA / "instrument_catalogue.yaml"

# Certainty marks of the data files: seen in the published text, or recalled and still to
# be checked against it.
SEEN = "✓"
RECALLED = "?"


def _upsert(model, code: str, fields: dict, existing: dict) -> tuple:
    item = existing.get(code)
    if item is None:
        item = model.objects.create(code=code, **fields)
        existing[code] = item
        return item, "created"
    if any(getattr(item, k) != v for k, v in fields.items()):
        for k, v in fields.items():
            setattr(item, k, v)
        item.save()
        return item, "updated"
    return item, ""


def certificate_kinds_load(kind_model, path: Path = KINDS_YAML) -> dict[str, int]:
    """Insert new kinds and correct changed ones; a second run changes nothing."""
    with open(path, encoding="utf-8") as fh:
        data = yamldata.load(fh)
    existing = {k.code: k for k in kind_model.objects.all()}
    counts = {"created": 0, "updated": 0}
    for entry in data["kinds"]:
        fields = {
            "name": entry["name"],
            "name_en": entry.get("name_en", ""),
            "validity_years": entry.get("validity_years"),
            "renewal_window_days": entry.get("renewal_window_days", 30),
            "covers_flag": entry.get("covers_flag", ""),
            "source": entry.get("source", ""),
        }
        _item, what = _upsert(kind_model, str(entry["code"]), fields, existing)
        if what:
            counts[what] += 1
    return counts


def instrument_catalogue_load(category_model, path: Path = INSTRUMENTS_YAML) -> dict[str, int]:
    """Insert new catalogue items and correct changed ones; children inherit mode/period."""
    with open(path, encoding="utf-8") as fh:
        data = yamldata.load(fh)
    existing = {c.code: c for c in category_model.objects.all()}
    counts = {"created": 0, "updated": 0}

    def fields_of(entry, parent, inherited):
        mode = entry.get("mode", inherited.get("mode"))
        period = entry.get("period_months", inherited.get("period_months"))
        return {
            "name": entry["name"],
            "parent": parent,
            "mode": mode,
            "period_months": period if mode == "periodic" else None,
            "scope": entry.get("scope", inherited.get("scope", "")),
            "mark": entry.get("mark", ""),
        }

    for entry in data["items"]:
        top = fields_of(entry, None, {})
        parent, what = _upsert(category_model, str(entry["code"]), top, existing)
        if what:
            counts[what] += 1
        for child in entry.get("children", []):
            _item, what = _upsert(
                category_model, str(child["code"]), fields_of(child, parent, top), existing
            )
            if what:
                counts[what] += 1
    return counts


def instrument_catalogue_published() -> dict:
    """The size of the published catalogue and its source, as the data file states them.

    Read from the file, not the database: the counts are facts about the announcement,
    which the page sets against the items actually held.
    """
    with open(INSTRUMENTS_YAML, encoding="utf-8") as fh:
        data = yamldata.load(fh)
    return {
        "first_level": int(data["first_level_count"]),
        "second_level": int(data["second_level_count"]),
        "source": data.get("source", ""),
    }


def renewal_windows() -> dict[str, int]:
    """{kind code: days} straight from the data file (used where the DB is not at hand)."""
    with open(KINDS_YAML, encoding="utf-8") as fh:
        return {k["code"]: k.get("renewal_window_days", 30) for k in yamldata.load(fh)["kinds"]}
