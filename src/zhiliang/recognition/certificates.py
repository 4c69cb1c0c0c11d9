"""A holder's certificate (证书) as .docx, through core/docx."""

from django.http import FileResponse
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from zhiliang.core.docx import saved, set_font


def certificate_docx(holder):
    document = Document()
    set_font(document.styles["Normal"], "SimSun", 14)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run(holder.get_kind_display()), "SimHei", 26, bold=True)
    lines = [
        holder.enterprise.name,
        holder.product,
        f"{_('Level')}：{holder.level_label}"
        + (f"  {_('Grade')}：{holder.grade}" if holder.grade else ""),
        f"{_('Year')}：{holder.year}",
        f"{_('Valid')}：{holder.valid_from:%Y-%m-%d} — {holder.valid_until:%Y-%m-%d}",
        f"{_('Certificate number')}：{holder.certificate_number or holder.pk}",
    ]
    for line in filter(None, lines):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return saved(document)


def certificate_response(holder) -> FileResponse:
    tmp = certificate_docx(holder)
    name = f"certificate-{holder.certificate_number or holder.pk}.docx"
    return FileResponse(open(tmp.name, "rb"), as_attachment=True, filename=name)  # noqa: SIM115
