"""xlsx exports of the lists and the field staff's township list (streamed to a temp file)."""

from itertools import islice

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhiliang.core.exports import Sheet, xlsx_file
from zhiliang.licensing.choices import (
    CertificateStatus,
    InstrumentStatus,
    VerificationMode,
    VerificationResult,
)
from zhiliang.licensing.models import Certificate

CHUNK = 2000


def _certificates(title, queryset) -> Sheet:
    headers = [
            _("kind"), _("certificate number"), _("holder"), _("USCC"), _("region code"),
            _("region"), _("products covered"), pgettext("certificate", "issued on"),
            _("expires on"), _("status"), _("status changed on"), _("issued by"),
    ]  # fmt: skip
    return Sheet(title, [str(h) for h in headers], _certificate_rows(queryset))


def _certificate_rows(queryset):
    """Plain values, not model instances, and the products of each chunk in one query
    (building a certificate, its holder and region per row took most of the time)."""
    statuses = dict(CertificateStatus.choices)
    fields = [
        "id", "kind__name", "number", "holder__name", "holder__uscc", "holder__region__code",
        "holder__region__name", "issued_on", "expires_on", "status", "status_changed_on",
        "issuer",
    ]  # fmt: skip
    rows = queryset.values_list(*fields).iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        products = _product_names([r[0] for r in chunk])
        for r in chunk:
            yield [*r[1:7], products.get(r[0], ""), r[7], r[8], str(statuses.get(r[9], r[9])),
                   r[10], r[11]]  # fmt: skip


def _product_names(ids) -> dict[int, str]:
    links = (
        Certificate.products.through.objects.filter(certificate_id__in=ids)
        .order_by("certificate_id", "product__code")
        .values_list("certificate_id", "product__name")
    )
    names: dict[int, list[str]] = {}
    for certificate_id, name in links:
        names.setdefault(certificate_id, []).append(name)
    return {k: "、".join(v) for k, v in names.items()}


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


def field_list_file(*, user, params: dict):
    """The field list of the region `params["region"]`, as `user` may see it now (the maker
    of core.views.xlsx_export: made at once, or by the worker for a large one)."""
    from zhiliang.core.guards import require_in_jurisdiction
    from zhiliang.core.models import Region
    from zhiliang.licensing import selectors

    if not user.has_perms(("licensing.view_instrument", "licensing.view_certificate")):
        raise PermissionDenied(_("You may no longer open this list."))
    region = Region.objects.get(code=params["region"][0])
    require_in_jurisdiction(user, region)
    instruments, certificates = selectors.field_list(user=user, region_code=region.code)
    rows = instruments.count() + certificates.count()
    return field_list_xlsx(instruments=instruments, certificates=certificates), rows
