"""xlsx export of the explorer's table: one indicator, one period, a region and its children."""

import tempfile

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font


def explorer_xlsx(*, data):
    """`data` is a selectors.Explorer; the region's own row first, then its children."""
    indicator = data.indicator
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Indicator"))
    ws.append([f"{indicator.code} {indicator.name}", indicator.unit, data.period or ""])
    ws.append([_("Formula"), indicator.formula])
    ws.append([_("Source"), indicator.source])
    ws.append([])
    headers = [
        _("region code"),
        _("region"),
        _("period"),
        _("numerator"),
        _("denominator"),
        _("value"),
        _("unit"),
    ]
    header = []
    for label in headers:
        cell = WriteOnlyCell(ws, value=label)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    rows = ([data.own] if data.own else []) + list(data.children)
    for v in rows:
        ws.append(
            [
                v.region.code,
                v.region.name,
                v.period,
                v.numerator,
                v.denominator,
                v.value,
                indicator.unit,
            ]
        )
    tmp = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the caller closes it
    wb.save(tmp.name)
    tmp.seek(0)
    return tmp
