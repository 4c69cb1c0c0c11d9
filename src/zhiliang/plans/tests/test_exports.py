from datetime import date, datetime

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from openpyxl import load_workbook

from zhiliang.core.models import Region
from zhiliang.plans import services
from zhiliang.plans.exports import HEADERS, plan_tasks_docx, plan_tasks_xlsx
from zhiliang.plans.models import ProgressReport
from zhiliang.plans.report_rows import plan_task_rows


@pytest.fixture
def plan(make_user, make_org):
    clerk = make_user("office_staff", "320412")
    market = make_org("320412", "常州市武进区市场监督管理局")
    ndrc = make_org("320412", "常州市武进区发展和改革局")
    science = make_org("320412", "常州市武进区科学技术局")
    plan = services.plan_create(
        actor=clerk,
        region=Region.objects.get(code="320412"),
        source_text="关于开展2019年质量品牌工作的实施意见……",
        meta={
            "title": "关于开展2019年质量品牌工作的实施意见",
            "doc_number": "常西科发〔2019〕24号",
        },
        targets=[],
        phases=[],
        tasks=[
            {
                "title": "大力提升产品质量",
                "lead": [market.pk],
                "cooperating": [ndrc.pk, science.pk],
                "as_written": {
                    "lead": ["区市场监管局"],
                    "cooperating": ["区发改委", "区科技局", "区政府有关单位"],
                },
                "due_on": "2019-12-31",
            },
            {"title": "推进自主创新", "lead": [science.pk], "due_on": "2019-09-30"},
        ],
    )
    first = plan.tasks.get(order=0)
    for day, status in ((date(2019, 7, 1), "in_progress"), (date(2019, 12, 20), "done")):
        ProgressReport.objects.create(
            plan=plan,
            task=first,
            organization=market,
            reported_on=day,
            status=status,
            created_by=clerk,
        )
    return plan


EXPECTED = [
    (
        "1",
        "大力提升产品质量",
        "常州市武进区市场监督管理局",
        "常州市武进区发展和改革局、常州市武进区科学技术局、区政府有关单位",
        "2019-12-31",
        "已完成 2019-12-20",
    ),
    ("2", "推进自主创新", "常州市武进区科学技术局", "", "2019-09-30", "—"),
]


def test_rows_come_from_two_queries(plan, django_assert_num_queries):
    with django_assert_num_queries(2):
        rows = plan_task_rows(plan=plan)
    assert [r.title for r in rows] == ["大力提升产品质量", "推进自主创新"]


def test_docx_is_a_landscape_task_table(plan):
    with plan_tasks_docx(plan=plan) as tmp:
        document = Document(tmp)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert document.paragraphs[0].text == plan.title + "任务分解表"
    assert document.paragraphs[1].text == "常西科发〔2019〕24号"
    table = document.tables[0]
    rows = [tuple(c.text for c in row.cells) for row in table.rows]
    assert rows == [HEADERS, *EXPECTED]
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r.bold for c in header.cells for r in c.paragraphs[0].runs)
    run = table.rows[1].cells[1].paragraphs[0].runs[0]
    assert run.font.size.pt == 10.5
    assert run.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"


def _text(v) -> str:
    if v is None:
        return ""
    return v.date().isoformat() if isinstance(v, datetime) else str(v)


def test_xlsx_has_the_same_columns(plan):
    with plan_tasks_xlsx(plan=plan) as tmp:
        ws = load_workbook(tmp).active
        rows = [tuple(_text(v) for v in row) for row in ws.values]
        due = ws.cell(row=2, column=5)
    assert rows == [HEADERS, *EXPECTED]
    assert due.is_date and due.number_format == "yyyy-mm-dd"  # a real date cell
