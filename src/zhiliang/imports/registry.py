"""What each registry tells the importer: its columns, its serializer, how to save."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

_SPECS: dict[str, "ImportSpec"] = {}


@dataclass(frozen=True)
class ImportField:
    name: str  # the serializer field
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    # Turns a cell's text into what the serializer takes (a label into a choice code).
    parse: Callable[[str], str] | None = None


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
    list_url_name: str = ""
    examples: dict = field(default_factory=dict)
    # Personal data (field name → how to mask a cell of it): while staged, the uploaded file
    # and the checked values are kept encrypted and the cells masked; once the batch is
    # imported or cancelled, the file and the checked values are deleted.
    sensitive: dict[str, Callable[[str], str]] = field(default_factory=dict)

    def field(self, name: str) -> ImportField:
        return next(f for f in self.fields if f.name == name)


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

    def parse(text: str) -> str:
        return table.get(simplify_header(text), text)

    return parse


_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_COMPACT_DATE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def date_text(text: str) -> str:
    """2019/5/13, 2019.05.13, 2019年5月13日, 20190513 → 2019-05-13; anything else unchanged."""
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
        for alias in (f.name, f.label, *f.aliases):
            by_name.setdefault(simplify_header(alias), f.name)
    mapping, used = [], set()
    for header in headers:
        name = by_name.get(simplify_header(header), "")
        if name in used:
            name = ""
        used.add(name)
        mapping.append(name)
    return mapping


def missing_required(spec: ImportSpec, mapping: list[str]) -> list[ImportField]:
    return [f for f in spec.fields if f.required and f.name not in mapping]
