"""xlsx exports of the credit lists (streamed to a temp file)."""

from django.utils.translation import gettext as _

from zhiliang.core.exports import Sheet, xlsx_file
from zhiliang.credit import rules

CHUNK = 2000


def classes_xlsx(*, queryset):
    headers = [
        _("enterprise"), _("USCC"), _("region code"), _("region"), _("credit risk class"),
        _("computed class"), _("score"), _("default class"), _("model version"),
        _("class set by the office"), _("override until"), _("reason for the override"),
        _("computed at"),
    ]  # fmt: skip
    fields = [
        "enterprise__name", "enterprise__uscc", "enterprise__region__code",
        "enterprise__region__name", "effective_class", "computed_class", "score", "is_default",
        "model_version", "override_class", "override_until", "override_reason", "computed_at",
    ]  # fmt: skip

    def rows():
        for row in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
            row = list(row)
            row[7] = _("yes") if row[7] else _("no")
            row[12] = row[12].replace(tzinfo=None) if row[12] else None
            yield row

    return xlsx_file(Sheet(_("Credit risk classes"), [str(h) for h in headers], rows()))


def records_xlsx(*, queryset):
    headers = [
        _("enterprise"), _("USCC"), _("region code"), _("region"), _("kind of record"),
        _("detail"), _("date"), _("ended on"), _("repaired on"), _("amount (yuan)"),
    ]  # fmt: skip
    fields = [
        "enterprise__name", "enterprise__uscc", "enterprise__region__code",
        "enterprise__region__name", "kind", "detail", "occurred_on", "ended_on", "repaired_on",
        "amount",
    ]  # fmt: skip
    kinds = {code: item.label for code, item in rules.kinds().items()}

    def rows():
        for row in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
            row = list(row)
            row[4] = kinds.get(row[4], row[4])
            yield row

    return xlsx_file(Sheet(_("Credit records"), [str(h) for h in headers], rows()))
