"""Policy document -> plan extraction (see the shared CONTRACT.md). Pure Python, no Django."""

from pathlib import Path

from .document import Doc
from .meta import document_year, extract_meta
from .phases import extract_phases
from .reading import ExtractionError, read_file
from .responsibilities import extract_responsibilities
from .targets import extract_targets

__all__ = ["ExtractionError", "extract_file", "extract_text", "read_file"]


def extract_text(text: str) -> dict:
    """The contract JSON for a document's text; spans index into `text` as given."""
    doc = Doc(text)
    meta = extract_meta(doc)
    return {
        "meta": meta,
        "targets": extract_targets(doc, document_year(meta)),
        "responsibilities": extract_responsibilities(doc),
        "phases": extract_phases(doc, document_year(meta) or _signed_year(meta)),
    }


def _signed_year(meta: dict) -> int | None:
    date = meta.get("date") or ""
    return int(date[:4]) if date[:4].isdigit() else None


def extract_file(path: str | Path) -> dict:
    """Read a .txt/.docx/.html/.pdf file and extract it; raises ExtractionError."""
    return extract_text(read_file(path))
