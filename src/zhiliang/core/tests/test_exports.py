"""The one xlsx writer: text stays text (no formula injection), numbers and dates keep
their type, and no module but core.exports builds a workbook."""

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from zhiliang.core.exports import Sheet, safe_text, xlsx_file

NASTY = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(1)", "\t=1", "\r=1"]
SRC = Path(__file__).resolve().parents[2]


def _book(*sheets):
    with xlsx_file(list(sheets)) as tmp:
        return load_workbook(tmp.name)


def test_formula_like_strings_are_text_cells_with_the_exact_text():
    wb = _book(Sheet("名单", ["企业名称", "n"], [[name, 1] for name in NASTY]))
    cells = [row[0] for row in wb.active.iter_rows(min_row=2)]
    assert [c.value for c in cells] == NASTY
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells)  # stays text when a clerk edits the cell


def test_numbers_and_dates_keep_their_type():
    rows = [[1, 2.5, Decimal("3.25"), date(2025, 1, 2), datetime(2025, 1, 2, 8, 30), "普通"]]
    wb = _book(Sheet("s", ["a", "b", "c", "d", "e", "f"], rows))
    a, b, c, d, e, f = next(wb.active.iter_rows(min_row=2))
    assert (a.value, b.value, c.value) == (1, 2.5, 3.25)
    assert a.data_type == b.data_type == c.data_type == "n"
    assert d.is_date and d.number_format == "yyyy-mm-dd" and d.value == datetime(2025, 1, 2)
    assert e.is_date and e.value == datetime(2025, 1, 2, 8, 30)
    assert f.value == "普通" and not f.quotePrefix


def test_header_is_frozen_filtered_and_columns_fit():
    rows = [["常州市武进区某某机械制造有限公司", 1]] * 3
    wb = _book(Sheet("s", ["名称", "数"], rows, preamble=[["标题"]]))
    ws = wb.active
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == "A2:B5"
    assert ws.column_dimensions["A"].width >= 2 * len(rows[0][0])
    assert ws["A2"].font.bold


def test_csv_text_is_defused_with_an_apostrophe():
    assert [safe_text(v) for v in NASTY] == ["'" + v for v in NASTY]
    assert safe_text("常州") == "常州"


def test_only_the_core_writer_builds_workbooks():
    """A new export written with openpyxl directly would skip the defences above."""
    pattern = re.compile(r"\bWorkbook\s*\(|from openpyxl import .*\bWorkbook\b|WriteOnlyCell")
    writer = SRC / "core" / "exports.py"
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path != writer
        and not {"tests", "testing"} & set(path.parts)  # test files build test input
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_control_characters_are_dropped_not_a_500():
    """openpyxl refuses control characters (a name pasted from a terminal or a PDF)."""
    wb = _book(Sheet("s", ["名称"], [["常州\x07甲\x1b公司"]]))
    assert wb.active["A2"].value == "常州甲公司"


def test_plain_values_written_bare_keep_the_same_types_as_built_cells():
    """Most cells skip the cell object (speed); what comes out must not differ."""
    row = ["#N/A", "#REF!", "普通文字", 7, 2.5, Decimal("1.10"), date(2025, 5, 13), None, True]
    wb = _book(Sheet("t", ["a"] * len(row), [row]))
    cells = list(wb.active.iter_rows(min_row=2))[0]
    assert [c.data_type for c in cells[:3]] == ["s", "s", "s"]
    assert [c.value for c in cells[:3]] == ["#N/A", "#REF!", "普通文字"]
    assert cells[6].is_date and cells[6].number_format == "yyyy-mm-dd"
    assert cells[8].value is True
