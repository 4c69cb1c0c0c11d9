"""xlsx exports of the lists and the field staff's township list (streamed to a temp file)."""

import tempfile

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from zhiliang.enterprises.models import Product
from zhiliang.licensing.choices import (
    CertificateStatus,
    InstrumentStatus,
    VerificationMode,
    VerificationResult,
)


def _header(ws, labels):
    row = []
    for label in labels:
        cell = WriteOnlyCell(ws, value=str(label))
        cell.font = Font(bold=True)
        row.append(cell)
    ws.append(row)


def _save(wb):
    tmp = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the caller closes it
    wb.save(tmp.name)
    tmp.seek(0)
    return tmp


def _certificate_rows(ws, queryset):
    statuses = dict(CertificateStatus.choices)
    _header(
        ws,
        [
            _("kind"), _("certificate number"), _("holder"), _("USCC"), _("region code"),
            _("region"), _("products covered"), pgettext("certificate", "issued on"),
            _("expires on"), _("status"), _("status changed on"), _("issued by"),
        ],
    )  # fmt: skip
    qs = queryset.select_related("kind", "holder", "holder__region").prefetch_related(
        Prefetch("products", queryset=Product.objects.only("code", "name"))
    )
    for c in qs.iterator(chunk_size=2000):
        ws.append(
            [
                c.kind.name, c.number, c.holder.name, c.holder.uscc, c.holder.region.code,
                c.holder.region.name, "、".join(p.name for p in c.products.all()), c.issued_on,
                c.expires_on, str(statuses.get(c.status, c.status)), c.status_changed_on,
                c.issuer,
            ]
        )  # fmt: skip


def _instrument_rows(ws, queryset):
    statuses, modes = dict(InstrumentStatus.choices), dict(VerificationMode.choices)
    results = dict(VerificationResult.choices)
    _header(
        ws,
        [
            _("catalogue item"), _("serial number"), _("model"), _("owner"), _("USCC"),
            _("region code"), _("region"), _("place of use"), _("verification mode"),
            _("period (months)"), _("last verified on"), _("last result"),
            _("next verification due"), _("status"),
        ],
    )  # fmt: skip
    fields = [
        "category__code", "category__name", "serial", "model_name", "owner__name",
        "owner__uscc", "owner__region__code", "owner__region__name", "location", "mode",
        "period_months", "last_verified_on", "last_result", "next_due_on", "status",
    ]  # fmt: skip
    for r in queryset.values_list(*fields).iterator(chunk_size=5000):
        r = list(r)
        ws.append(
            [f"{r[0]} {r[1]}", *r[2:9], str(modes.get(r[9], r[9])), r[10], r[11],
             str(results.get(r[12], r[12] or "")), r[13], str(statuses.get(r[14], r[14]))]
        )  # fmt: skip


def certificates_xlsx(*, queryset):
    wb = Workbook(write_only=True)
    _certificate_rows(wb.create_sheet(_("Certificates")), queryset)
    return _save(wb)


def instruments_xlsx(*, queryset):
    wb = Workbook(write_only=True)
    _instrument_rows(wb.create_sheet(_("Instruments")), queryset)
    return _save(wb)


def field_list_xlsx(*, instruments, certificates):
    """Two sheets: instruments overdue or due soon, certificates inside the renewal window."""
    wb = Workbook(write_only=True)
    _instrument_rows(wb.create_sheet(_("Instruments due")), instruments)
    _certificate_rows(wb.create_sheet(_("Certificates expiring")), certificates)
    return _save(wb)
