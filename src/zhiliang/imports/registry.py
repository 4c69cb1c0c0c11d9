"""What each registry tells the importer: its columns, its serializer, how to save."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.utils import translation

_SPECS: dict[str, "ImportSpec"] = {}


@dataclass(frozen=True)
class ImportField:
    name: str  # the serializer field
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    # Turns a cell's text into what the serializer takes (a label into a choice code).
    parse: Callable[[str], str] | None = None
    # For the template's column sheet: where the clerk finds a code, what the cell holds.
    help: str = ""


@dataclass(frozen=True)
class ImportSpec:
    kind: str
    label: str
    permission: str
    model: type  # the registry's model; the unique field is re-checked on it at commit
    serializer_class: type
    fields: tuple[ImportField, ...]
    # Builds the serializer context for a whole file at once: bulk look-ups, not per row.
    build_context: Callable[[object, list[dict]], dict]
    # Saves validated rows; runs inside the import's transaction.
    commit: Callable[[object, list[dict]], int]
    unique_field: str | None = None
    normalize_key: Callable[[str], str] = str.strip
    # A key of several columns (a certificate number per kind): record → the key as the
    # clerk reads it ("" for none), and the label it goes by. A row repeating an earlier
    # row's key is rejected naming that row, as for unique_field.
    compound_key: Callable[[dict], str] | None = None
    compound_label: str = ""
    list_url_name: str = ""
    examples: dict = field(default_factory=dict)
    # user → {field name: value} of one row that imports cleanly for that user (the
    # template's example row), or a list of such rows; drawn from the registries within
    # their jurisdiction. `examples["notes"]`: lines the template's column sheet adds.
    example: Callable[[object], dict | list[dict]] | None = None
    # Rows that make one record together (a sample and its test items, one row each, sharing
    # `unique_field`): `complete(records)` fills in what a later row leaves to the earlier
    # ones before the rows are checked; `check_together(results, records)` then checks each
    # record's rows as a whole and rejects them together ([number, cells, data, errors]
    # lists: data set to None, a reason appended). Such rows repeat their key by design.
    complete: Callable[[list[dict]], None] | None = None
    check_together: Callable[[list[list], list[dict]], None] | None = None
    # Personal data (field name → how to mask a cell of it): while staged, the uploaded file
    # and the checked values are kept encrypted and the cells masked; once the batch is
    # imported or cancelled, the file and the checked values are deleted.
    sensitive: dict[str, Callable[[str], str]] = field(default_factory=dict)
    # `quick_check(context, record)`: what the serializer would return for a row that is
    # clearly good, checked column by column without it (100,000 rows in seconds); None
    # when the row is not clearly good, and the serializer then decides and words why.
    # It must never pass a row the serializer would refuse (a test compares the two).
    quick_check: Callable[[dict, dict], dict | None] | None = None
    # `commit_staged(actor, staged, keys)`: `commit` for rows left where the check staged
    # them (a queryset of ImportRow: `cleaned` as JSON, `number` the order) and their
    # `unique_field` values, so the database reads the values itself; for a spec without
    # sensitive fields (theirs are stored encrypted) and with a `unique_field`.
    commit_staged: Callable[[object, object, list], int] | None = None

    def field(self, name: str) -> ImportField:
        return next(f for f in self.fields if f.name == name)

    @property
    def checks_repeats(self) -> bool:
        return bool(self.unique_field or self.compound_key) and self.check_together is None

    def repeat_key(self, record: dict) -> str:
        """The key by which a row repeats an earlier one in the same file ('' for none)."""
        if self.compound_key is not None:
            return self.compound_key(record)
        return self.normalize_key(record.get(self.unique_field, ""))

    def repeat_label(self) -> str:
        if self.compound_key is not None:
            return str(self.compound_label)
        return str(self.field(self.unique_field).label)


def register(spec: ImportSpec) -> ImportSpec:
    _SPECS[spec.kind] = spec
    return spec


def get_spec(kind: str) -> ImportSpec:
    return _SPECS[kind]


def all_specs() -> list[ImportSpec]:
    return list(_SPECS.values())


def choice_parser(words: dict[str, str]) -> Callable[[str], str]:
    """Accept a choice's code or any of its words (中文 or English), case-insensitively."""
    table = {simplify_header(k): v for k, v in words.items()}

    @lru_cache(maxsize=1024)  # a column holds a few words, 100,000 times
    def parse(text: str) -> str:
        return table.get(simplify_header(text), text)

    parse.words = words  # the template lists them
    return parse


_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_COMPACT_DATE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def date_text(text: str) -> str:
    """2019/5/13, 2019.05.13, 2019年5月13日, 20190513 → 2019-05-13; anything else unchanged."""
    if len(text) == 10 and text.isascii() and _ISO.match(text):
        return text  # already 2019-05-13, as most are: what the steps below would return
    text = unicodedata.normalize("NFKC", text)
    m = _DATE.match(text) or _COMPACT_DATE.match(text)
    if not m:
        return text.strip()
    y, mo, d = m.groups()
    return f"{y}-{int(mo):02d}-{int(d):02d}"


def simplify_header(text) -> str:
    """Header text for matching: full-width folded, case, spaces, '*' and brackets dropped."""
    text = unicodedata.normalize("NFKC", str(text or "")).lower()
    text = re.sub(r"[（(].*?[)）]", "", text)
    return re.sub(r"[\s*:：_\-]", "", text)


def guess_mapping(spec: ImportSpec, headers: list[str]) -> list[str]:
    """For each column, the field whose label or alias matches its header ('' for none)."""
    by_name = {}
    for f in spec.fields:
        for alias in (f.name, f.label, *_labels(f), *f.aliases):
            by_name.setdefault(simplify_header(alias), f.name)
    mapping, used = [], set()
    for header in headers:
        name = by_name.get(simplify_header(header), "")
        if name in used:
            name = ""
        used.add(name)
        mapping.append(name)
    return mapping


def _labels(f: ImportField) -> list[str]:
    """The field's title in every language of the site: a template downloaded in one
    language is read in the other."""
    out = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out.append(str(f.label))
    return out


def missing_required(spec: ImportSpec, mapping: list[str]) -> list[ImportField]:
    return [f for f in spec.fields if f.required and f.name not in mapping]
