"""An assessment result as .xlsx and as the assessment report (.docx).

Both are Chinese documents whatever the reader's language, in the style of plans/exports.py.
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

from zhiliang.assessments.choices import ItemKind, ResultStatus
from zhiliang.assessments.scoring import figure
from zhiliang.core.docx import repeat_as_header, set_font
from zhiliang.core.exports import Sheet, xlsx_file
from zhiliang.plans.exports import _fill

BODY_FONT, TITLE_FONT = "仿宋", "宋体"
BODY_SIZE, TITLE_SIZE, HEADING_SIZE = Pt(10.5), Pt(16), Pt(12)
SUMMARY_HEADERS = ("排名", "被考核单位", "总分", "等级", "一票否决")
SUMMARY_WIDTHS_CM = (1.5, 6.5, 2.5, 2.0, 3.5)
ITEM_HEADERS = ("考核项目", "分值", "实际值", "得分", "说明")
ITEM_WIDTHS_CM = (5.5, 1.5, 2.8, 1.7, 4.5)
STATUS = {
    ResultStatus.DRAFT: "草稿",
    ResultStatus.PUBLISHED: "已发布",
    ResultStatus.SUPERSEDED: "已被新版本取代",
}


def _title(result) -> str:
    return f"{result.scheme.name} {result.region.name} {result.period} 考核结果"


def _value(score) -> str:
    if score.kind == ItemKind.INDICATOR:
        if score.value is None:
            return "无数据"
        return figure(score.value, score.unit)
    if score.kind == ItemKind.VETO:
        return "是" if score.passed else "否"
    return {True: "通过", False: "未通过", None: "未核查"}[score.passed]


def _points(value) -> str:
    return figure(value)


def _summary_rows(entries) -> list[tuple[str, ...]]:
    return [
        (str(e.rank or ""), e.name, _points(e.total), e.grade, "是" if e.vetoed else "")
        for e in entries
    ]


def _item_rows(entry) -> list[tuple[str, ...]]:
    return [
        (
            s.name,
            "否决项" if s.kind == ItemKind.VETO else _points(s.points),
            _value(s),
            "" if s.kind == ItemKind.VETO else _points(s.score),
            s.note,
        )
        for s in entry.score_list
    ]


# --- .docx ----------------------------------------------------------------------------


def _portrait_a4(section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.5)


def _table(document, headers, rows, widths):
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    repeat_as_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _fill(cell, text, bold=True, center=True)
    for row, values in zip(table.rows[1:], rows, strict=True):
        for i, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            _fill(cell, text, center=i > 0 and i < len(values) - 1)
    for column, width in zip(table.columns, widths, strict=True):
        for cell in column.cells:
            cell.width = Cm(width)
    return table


def _paragraph(document, text, *, size=BODY_SIZE, bold=None, center=False, font=BODY_FONT):
    paragraph = document.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run(text), font, size, bold=bold)
    return paragraph


def result_docx(context) -> io.BytesIO:
    result, entries = context["result"], context["entries"]
    document = Document()
    _portrait_a4(document.sections[0])
    set_font(document.styles["Normal"], BODY_FONT, BODY_SIZE)
    _paragraph(document, _title(result), size=TITLE_SIZE, bold=True, center=True, font=TITLE_FONT)
    _paragraph(
        document,
        f"第{result.version}版 · {STATUS.get(result.status, '')} · "
        f"满分{_points(result.scheme_snapshot.get('total_points', 100))}分",
        center=True,
    )
    bands = result.scheme_snapshot.get("grade_bands") or []
    grades = "；".join(f"{g}级 ≥ {figure(m)}分" for g, m in bands)
    _paragraph(document, f"一、考核结果汇总（{grades}；发生一票否决事项的，等级为否决项所定等级）")
    _table(document, SUMMARY_HEADERS, _summary_rows(entries), SUMMARY_WIDTHS_CM)
    _paragraph(document, "二、分项得分")
    for entry in entries:
        _paragraph(
            document,
            f"{entry.rank}. {entry.name}：{_points(entry.total)}分，{entry.grade}级"
            + ("（一票否决）" if entry.vetoed else ""),
            size=HEADING_SIZE,
            bold=True,
        )
        _table(document, ITEM_HEADERS, _item_rows(entry), ITEM_WIDTHS_CM)
    out = io.BytesIO()
    document.save(out)
    out.seek(0)
    return out


# --- .xlsx ----------------------------------------------------------------------------


def result_xlsx(context):
    result, entries, columns = context["result"], context["entries"], context["columns"]
    ranking = [
        [
            entry.rank,
            entry.name,
            float(entry.total),
            entry.grade,
            "是" if entry.vetoed else "",
            *(
                ("是" if s.passed else "否") if s.kind == ItemKind.VETO else float(s.score)
                for s in entry.score_list
            ),
        ]
        for entry in entries
    ]
    detail = [
        [
            entry.name,
            s.name,
            s.indicator_code,
            float(s.points),
            float(s.value) if s.value is not None else _value(s),
            float(s.numerator) if s.numerator is not None else None,
            float(s.denominator) if s.denominator is not None else None,
            s.value_period,
            float(s.score),
            s.note,
        ]
        for entry in entries
        for s in entry.score_list
    ]
    detail_headers = (
        "被考核单位", "考核项目", "指标代码", "分值", "实际值", "分子", "分母", "数据期间",
        "得分", "说明",
    )  # fmt: skip
    return xlsx_file(
        [
            Sheet(
                "排名",
                [*SUMMARY_HEADERS, *(c["name"] for c in columns)],
                ranking,
                preamble=[[_title(result)]],
                freeze_columns=2,
            ),
            Sheet("分项明细", detail_headers, detail),
        ]
    )
