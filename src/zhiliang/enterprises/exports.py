"""xlsx export of a filtered enterprise list (streamed to a temp file, flat memory)."""

import tempfile

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from zhiliang.core.masking import mask, may_see_personal_data

COLUMNS = [
    ("uscc", _("USCC")),
    ("name", _("name")),
    ("region__code", _("region code")),
    ("region__name", _("region")),
    ("industry__code", _("industry code")),
    ("industry__name", _("industry")),
    ("size_class", _("size class")),
    ("status", pgettext("enterprise registration", "status")),
    ("legal_representative", _("legal representative")),
    ("established_on", _("established on")),
    ("address", _("address")),
    ("chief_quality_officer", _("chief quality officer")),
    ("cqo_trained_on", _("CQO training date")),
    ("contact_phone", _("contact phone")),
]


def enterprises_xlsx(*, queryset, user):
    from zhiliang.enterprises.choices import EnterpriseStatus, SizeClass

    statuses, sizes = dict(EnterpriseStatus.choices), dict(SizeClass.choices)
    masked = not may_see_personal_data(user)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Enterprises"))
    header = []
    for _key, label in COLUMNS:
        cell = WriteOnlyCell(ws, value=str(label))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    fields = [key for key, _label in COLUMNS]
    for row in (
        queryset.order_by("region_id", "name", "id").values_list(*fields).iterator(chunk_size=5000)
    ):
        row = list(row)
        row[6] = str(sizes.get(row[6], row[6]))
        row[7] = str(statuses.get(row[7], row[7]))
        if masked:
            row[13] = mask(row[13])
        ws.append(row)
    # The caller streams it and closes it.
    tmp = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115
    wb.save(tmp.name)
    tmp.seek(0)
    return tmp
