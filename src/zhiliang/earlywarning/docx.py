"""The risk notice (风险告知书) as the .docx an office signs and sends to the enterprises."""

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from zhiliang.core.docx import saved, set_font

BODY_FONT, TITLE_FONT = "仿宋", "方正小标宋简体"
BODY_SIZE, TITLE_SIZE = Pt(16), Pt(22)  # 三号 body, 二号 title: the usual official layout


def _paragraph(document, text: str, *, bold: bool = False, right: bool = False, indent=True):
    paragraph = document.add_paragraph()
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)
    set_font(paragraph.add_run(text), BODY_FONT, BODY_SIZE, bold=bold or None)
    return paragraph


def risk_notice_docx(warning):
    """Title, the enterprises addressed, the product and hazard, the text, the advice, the
    issuing region and date. Returns a temporary file (core.docx.saved)."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    set_font(document.styles["Normal"], BODY_FONT, BODY_SIZE)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run("产品质量安全风险告知书"), TITLE_FONT, TITLE_SIZE, bold=True)
    names = "、".join(e.name for e in warning.enterprises.all())
    _paragraph(document, f"{names}：", indent=False)
    _paragraph(
        document,
        f"经风险监测和评估，你单位生产或销售的{warning.product.name}"
        f"（产品代码 {warning.product.code}）存在{warning.hazard_label}风险。",
    )
    for line in warning.text.splitlines():
        if line.strip():
            _paragraph(document, line.strip())
    if warning.advice.strip():
        _paragraph(document, warning.advice.strip())
    _paragraph(
        document,
        "请你单位立即开展自查，采取有效措施消除风险，并将整改情况书面报告本机关。",
    )
    day = warning.published_on or warning.created_at.date()
    _paragraph(document, warning.region.name, right=True)
    _paragraph(document, f"{day.year}年{day.month}月{day.day}日", right=True)
    return saved(document)
