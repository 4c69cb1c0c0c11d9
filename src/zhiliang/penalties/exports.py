"""xlsx exports of the penalty and abnormal-listing lists (streamed to a temp file)."""

from django.utils.translation import gettext as _

from zhiliang.core.exports import Sheet, xlsx_file
from zhiliang.penalties import rules
from zhiliang.penalties.choices import PenaltyStatus

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
