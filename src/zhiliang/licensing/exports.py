"""xlsx exports of the lists and the field staff's township list (streamed to a temp file)."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhiliang.core.exports import Sheet, xlsx_file
from zhiliang.enterprises.models import Product
from zhiliang.licensing.choices import (
    CertificateStatus,
    InstrumentStatus,
    VerificationMode,
    VerificationResult,
)


def _certificates(title, queryset) -> Sheet:
    statuses = dict(CertificateStatus.choices)
    headers = [
            _("kind"), _("certificate number"), _("holder"), _("USCC"), _("region code"),
            _("region"), _("products covered"), pgettext("certificate", "issued on"),
            _("expires on"), _("status"), _("status changed on"), _("issued by"),
    ]  # fmt: skip
    qs = queryset.select_related("kind", "holder", "holder__region").prefetch_related(
        Prefetch("products", queryset=Product.objects.only("code", "name"))
    )
    rows = (
        [
            c.kind.name, c.number, c.holder.name, c.holder.uscc, c.holder.region.code,
            c.holder.region.name, "、".join(p.name for p in c.products.all()), c.issued_on,
            c.expires_on, str(statuses.get(c.status, c.status)), c.status_changed_on,
            c.issuer,
        ]
        for c in qs.iterator(chunk_size=2000)
    )  # fmt: skip
    return Sheet(title, [str(h) for h in headers], rows)


def _instruments(title, queryset) -> Sheet:
    statuses, modes = dict(InstrumentStatus.choices), dict(VerificationMode.choices)
    results = dict(VerificationResult.choices)
    headers = [
            _("catalogue item"), _("serial number"), _("model"), _("owner"), _("USCC"),
            _("region code"), _("region"), _("place of use"), _("verification mode"),
            _("period (months)"), _("last verified on"), _("last result"),
            _("next verification due"), _("status"),
    ]  # fmt: skip
    fields = [
        "category__code", "category__name", "serial", "model_name", "owner__name",
        "owner__uscc", "owner__region__code", "owner__region__name", "location", "mode",
        "period_months", "last_verified_on", "last_result", "next_due_on", "status",
    ]  # fmt: skip
    rows = (
        [f"{r[0]} {r[1]}", *r[2:9], str(modes.get(r[9], r[9])), r[10], r[11],
         str(results.get(r[12], r[12] or "")), r[13], str(statuses.get(r[14], r[14]))]
        for r in queryset.values_list(*fields).iterator(chunk_size=5000)
    )  # fmt: skip
    return Sheet(title, [str(h) for h in headers], rows)


def certificates_xlsx(*, queryset):
    return xlsx_file(_certificates(_("Certificates"), queryset))


def instruments_xlsx(*, queryset):
    return xlsx_file(_instruments(_("Instruments"), queryset))


def field_list_xlsx(*, instruments, certificates):
    """Two sheets: instruments overdue or due soon, certificates inside the renewal window."""
    return xlsx_file(
        [
            _instruments(_("Instruments due"), instruments),
            _certificates(_("Certificates expiring"), certificates),
        ]
    )
