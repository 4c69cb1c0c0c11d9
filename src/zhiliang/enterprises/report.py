"""The enterprise's 信用报告 (.docx): the office's heading, the enterprise's identity and
every registry section of its file (一企一档) with its records, the date it was made, and
page numbers. A Chinese document whatever the reader's language, like the plans' tables;
personal data is masked whatever the reader's role, as the document leaves the platform.
"""

from django.utils import timezone, translation
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

from zhiliang.core.docx import add_field, repeat_as_header, saved, set_font
from zhiliang.core.masking import mask
from zhiliang.demo.marker import holds_synthetic_data
from zhiliang.enterprises.dossier import IN_REPORT, enterprise_file

LANGUAGE = "zh-hans"
TITLE = "企业质量信用报告"
BODY_FONT, TITLE_FONT = "仿宋", "宋体"
BODY_SIZE, TITLE_SIZE, HEADING_SIZE = Pt(10.5), Pt(18), Pt(12)
NUMERALS = "一二三四五六七八九十"


def _d(day) -> str:
    return day.isoformat() if day else ""


def _money(amount) -> str:
    return f"{amount:,.2f} 元" if amount is not None else ""


# Per section: the table's headers and one row's cells (Chinese, as the document is).
COLUMNS = {
    "products": (
        ("产品代码", "产品名称", "类别"),
        lambda r: (
            r.product.code,
            r.product.name,
            r.product.parent.name if r.product.parent else "",
        ),
    ),
    "samples": (
        ("抽样日期", "样品编号", "产品", "检验结论"),
        lambda r: (_d(r.sampled_on), r.sample_number, r.product.name, r.get_verdict_display()),
    ),
    "certificates": (
        ("证书类别", "证书编号", "发证日期", "有效期至", "状态"),
        lambda r: (
            r.kind.name,
            r.number,
            _d(r.issued_on),
            _d(r.expires_on),
            r.get_status_display(),
        ),
    ),  # fmt: skip
    "equipment": (
        ("注册代码", "设备品种", "状态", "下次检验日期", "使用登记"),
        lambda r: (
            r.register_code,
            r.catalogue_name or r.catalogue_code,
            r.get_status_display(),
            _d(r.next_due_on),
            "已登记" if r.registered_on else "未登记",
        ),
    ),  # fmt: skip
    "instruments": (
        ("器具类别", "出厂编号", "状态", "下次检定日期"),
        lambda r: (r.category.name, r.serial, r.get_status_display(), _d(r.next_due_on)),
    ),
    "penalties": (
        ("决定日期", "决定书文号", "处罚种类", "罚款金额", "状态"),
        lambda r: (
            _d(r.decided_on),
            r.decision_number,
            r.kind_label,
            _money(r.fine_amount),
            r.get_status_display(),
        ),
    ),  # fmt: skip
    "listings": (
        ("列入日期", "列入原因", "移出日期"),
        lambda r: (_d(r.listed_on), r.reason_label, _d(r.removed_on) or "尚未移出"),
    ),
    "serious": (
        ("列入日期", "违法类别", "决定书编号", "状态"),
        lambda r: (_d(r.listed_on), r.category_label, r.decision_number, r.get_status_display()),
    ),
    "standards": (
        ("产品", "执行标准", "自我声明公开日期", "声明完整性"),
        lambda r: (
            r.product.name,
            r.standard.number,
            _d(r.declared_on),
            "未声明" if not r.declared_on else ("完整" if r.complete else f"缺 {len(r.gaps)} 项"),
        ),
    ),
    "complaints": (
        ("工单编号", "登记日期", "产品", "问题类别", "处理结果"),
        lambda r: (
            r.number,
            _d(r.received_on),
            r.product_name,
            r.category_label,
            r.get_outcome_display() if r.outcome else r.get_status_display(),
        ),
    ),  # fmt: skip
    "foreign_recalls": (
        ("发布日期", "来源", "通报编号", "产品", "召回案件"),
        lambda r: (
            _d(r.foreign_recall.notified_on),
            r.foreign_recall.source_label,
            r.foreign_recall.reference,
            r.foreign_recall.product_description,
            r.recall_case.number if r.recall_case else "",
        ),
    ),
    "tbt": (
        ("通报号", "通报成员", "涉及产品", "评议截止日期"),
        lambda r: (r.notice.number, r.notice.member, r.product.name, _d(r.notice.comment_deadline)),
    ),  # fmt: skip
    "cqo": (
        ("首席质量官", "任职起止", "最近培训"),
        lambda r: (
            r.person_masked,
            f"{_d(r.appointed_on) or '—'} 至 {_d(r.ended_on) or '今'}",
            _d(r.last_trained) or "未培训",
        ),
    ),  # fmt: skip
}


def _paragraph(document, text, *, size=BODY_SIZE, font=BODY_FONT, bold=None, center=False):
    paragraph = document.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run(text), font, size, bold=bold)
    return paragraph


def _table(document, headers, rows) -> None:
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    repeat_as_header(table.rows[0])
    for row, values in zip(table.rows, [headers, *rows], strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            set_font(cell.paragraphs[0].add_run(str(text)), BODY_FONT, BODY_SIZE,
                     bold=True if values is headers else None)  # fmt: skip


def _identity(enterprise) -> list[tuple[str, str]]:
    trained = f"（{_d(enterprise.cqo_trained_on)} 培训）" if enterprise.cqo_trained_on else ""
    return [
        ("企业名称", enterprise.name),
        ("统一社会信用代码", enterprise.uscc),
        ("所在地区", f"{enterprise.region.name}（{enterprise.region.code}）"),
        ("住所", enterprise.address or "—"),
        ("所属行业", str(enterprise.industry)),
        ("企业规模", enterprise.get_size_class_display() or "—"),
        ("登记状态", enterprise.get_status_display()),
        ("法定代表人", enterprise.legal_representative or "—"),
        ("成立日期", _d(enterprise.established_on) or "—"),
        ("首席质量官", (mask(enterprise.chief_quality_officer, 1, 1) + trained) or "—"),
        ("联系电话", mask(enterprise.contact_phone) or "—"),
    ]


def _footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run("第 "), BODY_FONT, Pt(9))
    add_field(paragraph, "PAGE")
    set_font(paragraph.add_run(" 页 共 "), BODY_FONT, Pt(9))
    add_field(paragraph, "NUMPAGES")
    set_font(paragraph.add_run(" 页"), BODY_FONT, Pt(9))


def credit_report_docx(*, user, enterprise, today=None):
    """The report as a temporary .docx file; `enterprise` comes from `enterprise_get`."""
    today = today or timezone.localdate()
    with translation.override(LANGUAGE):
        sections = enterprise_file(user=user, enterprise=enterprise, limit=IN_REPORT, today=today)
        document = Document()
        page = document.sections[0]
        page.page_width, page.page_height = Mm(210), Mm(297)
        page.left_margin = page.right_margin = Cm(2.2)
        page.top_margin = page.bottom_margin = Cm(2.2)
        _footer(page)
        set_font(document.styles["Normal"], BODY_FONT, BODY_SIZE)
        office = user.organization.name if user.organization_id else ""
        if office:
            _paragraph(document, office, size=HEADING_SIZE, font=TITLE_FONT, center=True)
        _paragraph(document, TITLE, size=TITLE_SIZE, font=TITLE_FONT, bold=True, center=True)
        _paragraph(document, f"{enterprise.name}（{enterprise.uscc}）", center=True)
        _paragraph(document, f"生成日期：{_d(today)}", center=True)
        _paragraph(document, "一、基本信息", size=HEADING_SIZE, bold=True)
        _table(document, ("项目", "内容"), _identity(enterprise))
        for n, section in enumerate(sections, start=2):
            heading = f"{NUMERALS[n - 1] if n <= 10 else n}、{section.title}"
            _paragraph(document, heading, size=HEADING_SIZE, bold=True)
            flagged = "，".join(f"{label} {k:,} 条" for label, k in section.notes if k)
            _paragraph(
                document, f"共 {section.count:,} 条" + (f"（{flagged}）" if flagged else "") + "。"
            )
            if section.rows:
                headers, cells = COLUMNS[section.key]
                _table(document, headers, [cells(r) for r in section.rows])
            if section.more:
                _paragraph(document, f"另有 {section.more:,} 条未列出，见平台相应名录。")
        _paragraph(document, "本报告列示截至生成日期平台记录的该企业信息，不构成对企业的评价。")
        if holds_synthetic_data():
            _paragraph(document, "本平台为演示环境，报告中的企业和记录均为合成数据，并非真实信息。")
    return saved(document)
