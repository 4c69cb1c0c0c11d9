"""Helpers for the .docx documents offices exchange (python-docx): CJK fonts, repeated
table headers, page numbers, and the temporary file the view streams."""

import tempfile

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def set_font(run_or_style, name: str, size=None, bold=None) -> None:
    """Latin and East Asian font names: Word uses w:eastAsia for CJK characters."""
    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def repeat_as_header(row) -> None:
    """The table's first row repeats at the top of every page it spans."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def add_field(paragraph, instruction: str) -> None:
    """A field Word computes when it lays the document out, e.g. PAGE or NUMPAGES."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind is None:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        if kind == "separate":
            shown = OxmlElement("w:t")
            shown.text = "1"  # until Word updates the field
            run._r.append(shown)


def saved(document):
    """The document in a temporary file, rewound; the caller streams it and closes it."""
    tmp = tempfile.NamedTemporaryFile(suffix=".docx")  # noqa: SIM115
    document.save(tmp.name)
    tmp.seek(0)
    return tmp
