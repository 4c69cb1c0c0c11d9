"""xlsx exports of the penalty and abnormal-listing lists (streamed to a temp file)."""

import csv

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.exports import Sheet, safe_text, xlsx_file
from zhiliang.penalties import listing_rules, rules
from zhiliang.penalties.choices import PenaltyStatus, SeriousStatus

CHUNK = 2000


def penalties_xlsx(*, queryset):
    headers = [
        _("decision number"), _("enterprise"), _("USCC"), _("region code"), _("region"),
        _("enforcing body"), _("kind of penalty"), _("fine (yuan)"), _("confiscated (yuan)"),
        _("decision date"), _("violation"), _("legal basis"), _("decision status"),
        _("status changed on"), _("public from"), _("public until"),
    ]  # fmt: skip
    fields = [
        "decision_number", "enterprise__name", "enterprise__uscc", "enterprise__region__code",
        "enterprise__region__name", "enforcing_body__name", "kind", "fine_amount",
        "confiscated_amount", "decided_on", "violation", "legal_basis", "status",
        "status_changed_on", "public_from", "public_until",
    ]  # fmt: skip
    kinds = {code: item.label for code, item in rules.kinds().items()}
    statuses = dict(PenaltyStatus.choices)

    def rows():
        for row in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
            row = list(row)
            row[6] = kinds.get(row[6], row[6])
            row[12] = str(statuses.get(row[12], row[12]))
            yield row

    return xlsx_file(Sheet(_("Administrative penalties"), [str(h) for h in headers], rows()))


def listings_xlsx(*, queryset):
    headers = [
        _("enterprise"), _("USCC"), _("region code"), _("region"), _("reason for listing"),
        _("listed on"), _("deciding body"), _("decision number"), _("legal basis"),
        _("removed on"), _("reason for removal"),
    ]  # fmt: skip
    fields = [
        "enterprise__name", "enterprise__uscc", "enterprise__region__code",
        "enterprise__region__name", "reason", "listed_on", "deciding_body__name",
        "decision_number", "legal_basis", "removed_on", "removal_reason",
    ]  # fmt: skip
    reasons = {code: item.label for code, item in rules.reasons().items()}

    def rows():
        for row in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
            row = list(row)
            row[4] = reasons.get(row[4], row[4])
            yield row

    return xlsx_file(Sheet(_("Abnormal operation list"), [str(h) for h in headers], rows()))


def csv_response(stem: str, headers, rows) -> HttpResponse:
    """A CSV download `<stem>-<yyyymmdd>.csv` (UTF-8 with BOM, which Excel reads); text cells
    that would start a formula are defused (core.exports.safe_text)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{stem}-{timezone.localdate():%Y%m%d}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([safe_text(str(h)) for h in headers])
    for row in rows:
        writer.writerow(
            ["" if v is None else safe_text(v) if isinstance(v, str) else v for v in row]
        )
    return response


def serious_xlsx(*, queryset):
    headers = [
        _("enterprise"), _("USCC"), _("region"), _("kind of serious violation"),
        _("legal basis"), _("deciding body"), _("step"), _("proposed on"), _("listed on"),
        _("decision number"), _("published on"), _("listed until"), _("removed on"),
    ]  # fmt: skip
    fields = [
        "enterprise__name", "enterprise__uscc", "enterprise__region__name", "category",
        "legal_basis", "deciding_body__name", "status", "proposed_on", "listed_on",
        "decision_number", "published_on", "ends_on", "removed_on",
    ]  # fmt: skip
    kinds = {code: c.label for code, c in listing_rules.categories().items()}
    steps = dict(SeriousStatus.choices)

    def rows():
        for row in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
            row = list(row)
            row[3] = kinds.get(row[3], row[3])
            row[6] = str(steps.get(row[6], row[6]))
            yield row

    return xlsx_file(Sheet(_("Serious-violation list"), [str(h) for h in headers], rows()))


# The repaired records other platforms (信用中国, the provincial platforms) follow.
_REPAIRED_FIELDS = [
    "enterprise__name", "enterprise__uscc", "decision_number", "enforcing_body__name", "kind",
    "decided_on", "public_from", "repaired_on",
]  # fmt: skip


def _repaired_headers():
    return [
        _("enterprise"), _("USCC"), _("decision number"), _("enforcing body"),
        _("kind of penalty"), _("decision date"), _("public from"), _("repaired on"),
    ]  # fmt: skip


def _repaired_rows(queryset):
    kinds = {code: item.label for code, item in rules.kinds().items()}
    for row in queryset.values_list(*_REPAIRED_FIELDS).iterator(chunk_size=CHUNK):
        row = list(row)
        row[4] = kinds.get(row[4], row[4])
        yield row


def repaired_xlsx(*, queryset):
    headers = [str(h) for h in _repaired_headers()]
    return xlsx_file(Sheet(_("Repaired penalty records"), headers, _repaired_rows(queryset)))


def repaired_csv(*, queryset) -> HttpResponse:
    return csv_response("repaired-penalties", _repaired_headers(), _repaired_rows(queryset))
