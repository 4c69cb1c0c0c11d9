"""The template workbook each importer offers: its columns, an example row and what each
column takes, all read from the importer's own declaration (fields, serializer, parsers)."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from zhiliang.core.exports import Sheet, xlsx_file
from zhiliang.imports.registry import ImportField, ImportSpec, date_text

DATE_FORMAT = "yyyy-mm-dd"


def _words_by_code(parse) -> dict[str, list[str]]:
    """The words a choice parser accepts, grouped by the code they stand for."""
    out: dict[str, list[str]] = {}
    for word, code in getattr(parse, "words", {}).items():
        out.setdefault(str(code), []).append(word)
    return out


def _format(f: ImportField, field) -> str:
    if f.parse is date_text or isinstance(field, serializers.DateField):
        return _("Date, e.g. 2025-05-13 (2025/5/13, 2025年5月13日 and 20250513 are read too)")
    if getattr(f.parse, "words", None) or isinstance(field, serializers.ChoiceField):
        return _("One of the allowed values")
    if isinstance(field, serializers.IntegerField):
        return _("Whole number")
    if getattr(field, "max_length", None):
        return _("Text, at most %(n)d characters") % {"n": field.max_length}
    return _("Text")


def _allowed(f: ImportField, field) -> str:
    labels = {str(k): str(v) for k, v in getattr(field, "choices", {}).items()}
    words = _words_by_code(f.parse)
    if not words and not labels:
        return ""
    lines = []
    for code in dict.fromkeys([*labels, *words]):
        # Everything listed may be written as it stands; the label follows when it differs.
        writable = list(dict.fromkeys([*words.get(code, []), code]))
        label = labels.get(code, "")
        line = " / ".join(writable)
        lines.append(f"{line}（{label}）" if label and label not in writable else line)
    return "\n".join(lines)


def example_cell(f: ImportField, field, value) -> str:
    """A choice is shown in the clerk's words (存续, not active); the rest as given."""
    if value is None:
        return ""
    value = str(value)
    said = [w for w in _words_by_code(f.parse).get(value, []) if not w.isascii()]
    return said[0] if said else value


def template_xlsx(spec: ImportSpec, user):
    """A temporary .xlsx: the columns with one example row, then a sheet on each column."""
    fields = spec.serializer_class(context={"user": user}).fields
    example = spec.example(user) if spec.example else {}
    headers = [str(f.label) for f in spec.fields]
    rows = [
        [example_cell(f, fields.get(f.name), values.get(f.name)) for f in spec.fields]
        for values in (example if isinstance(example, list) else [example])
    ]
    yes, no = _("required"), _("optional")
    about = [
        [
            str(f.label),
            yes if f.required else no,
            _format(f, fields.get(f.name)),
            _allowed(f, fields.get(f.name)),
            str(f.help),
            " / ".join(a for a in f.aliases if not a.isascii()),
        ]
        for f in spec.fields
    ]
    notes = [
        [_("Fill in one row per record below the titles; the example row may be overwritten.")],
        [_("Columns may come in any order; titles may also be written as in “Also titled”.")],
        *([str(line)] for line in spec.examples.get("notes", ())),
    ]
    return xlsx_file(
        [
            Sheet(str(spec.label), headers, rows),
            Sheet(
                _("Columns"),
                [
                    _("Column"),
                    _("Required"),
                    _("Format"),
                    _("Allowed values"),
                    _("Where to find it"),
                    _("Also titled"),
                ],
                about,
                preamble=notes,
                widths=[22, 8, 30, 36, 48, 30],
                wrap=True,
            ),
        ]
    )
