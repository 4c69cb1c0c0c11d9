"""A plan's task table (任务分解表) as .docx and .xlsx, in the layout offices exchange.

Both are Chinese documents whatever the reader's language: headers, status words.
"""

import tempfile

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

from zhiliang.core.docx import repeat_as_header, set_font
from zhiliang.core.exports import Sheet, xlsx_file
from zhiliang.plans.choices import ProgressStatus
from zhiliang.plans.report_rows import TaskRow, plan_task_rows

LANGUAGE = "zh-hans"
TITLE_SUFFIX = "任务分解表"
HEADERS = ("序号", "任务", "牵头单位", "配合单位", "完成时限", "进展")
# Column widths (cm): they fill the 25.7 cm between the margins of A4 landscape.
WIDTHS_CM = (1.2, 7.2, 5.0, 6.0, 2.4, 3.9)
XLSX_WIDTHS = (6, 40, 28, 40, 12, 20)
BODY_FONT, TITLE_FONT = "仿宋", "宋体"
BODY_SIZE, TITLE_SIZE = Pt(10.5), Pt(16)


def _cells(row: TaskRow) -> tuple[str, ...]:
    return (
        str(row.number),
        row.title,
        "、".join(row.lead),
        "、".join(row.cooperating),
        row.due_on.isoformat() if row.due_on else "",
        row.progress,
    )


def _rows(plan) -> list[tuple[str, ...]]:
    with translation.override(LANGUAGE):
        return [_cells(row) for row in plan_task_rows(plan=plan)]


def _tempfile(suffix: str):
    # The caller streams it and closes it.
    return tempfile.NamedTemporaryFile(suffix=suffix)  # noqa: SIM115


# --- .docx ----------------------------------------------------------------------------


def _landscape_a4(section) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)


def _fill(cell, text: str, *, bold: bool = False, center: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run(text), BODY_FONT, BODY_SIZE, bold=bold or None)


def plan_tasks_docx(*, plan):
    document = Document()
    _landscape_a4(document.sections[0])
    set_font(document.styles["Normal"], BODY_FONT, BODY_SIZE)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run(plan.title + TITLE_SUFFIX), TITLE_FONT, TITLE_SIZE, bold=True)
    if plan.doc_number:
        number = document.add_paragraph()
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(number.add_run(plan.doc_number), BODY_FONT, BODY_SIZE)
    rows = _rows(plan)
    table = document.add_table(rows=1 + len(rows), cols=len(HEADERS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    repeat_as_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
        _fill(cell, text, bold=True, center=True)
    for row, values in zip(table.rows[1:], rows, strict=True):
        for i, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            _fill(cell, text, center=i in (0, 4))
    for column, width in zip(table.columns, WIDTHS_CM, strict=True):
        for cell in column.cells:
            cell.width = Cm(width)
    tmp = _tempfile(".docx")
    document.save(tmp.name)
    tmp.seek(0)
    return tmp


# --- .xlsx ----------------------------------------------------------------------------


def plan_tasks_xlsx(*, plan):
    with translation.override(LANGUAGE):
        rows = [
            [row.number, *_cells(row)[1:4], row.due_on, row.progress]
            for row in plan_task_rows(plan=plan)
        ]
    return xlsx_file(Sheet(TITLE_SUFFIX, HEADERS, rows, widths=XLSX_WIDTHS, wrap=True))


# --- the office's task list -------------------------------------------------------------


def tasks_xlsx(*, queryset):
    """The task list as filtered, in the reader's language (the 任务分解表 above is the
    document offices exchange; this is the working list)."""
    statuses = dict(ProgressStatus.choices)

    def rows():
        # Prefetching in chunks: the lead and cooperating units come with each chunk.
        for task in queryset.iterator(chunk_size=2000):
            yield [
                task.plan.title,
                task.plan.region.name,
                task.title,
                "、".join(u.organization.name for u in task.lead_units),
                "、".join(u.organization.name for u in task.cooperating_units),
                task.due_on,
                str(statuses.get(task.latest_status, _("not reported yet"))),
                _("yes") if task.is_overdue else "",
            ]

    headers = [
        _("Plan"),
        _("Region"),
        _("Task"),
        _("Lead units"),
        _("Cooperating units"),
        _("Due on"),
        _("Latest progress"),
        _("Overdue"),
    ]
    return xlsx_file(Sheet(_("Tasks"), [str(h) for h in headers], rows(), wrap=True))
