"""xlsx exports of the case lists and the timer page (streamed to a temp file)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.cases import rules
from zhiliang.core.exports import Sheet, xlsx_file

CHUNK = 2000


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def cases_xlsx(*, queryset):
    headers = [
        _("case number"),
        _("kind of case"),
        _("title"),
        _("stage"),
        _("enterprise"),
        _("USCC"),
        _("region"),
        _("handling office"),
        _("listing office"),
        _("began at"),
        _("supervision deadline"),
        _("accident grade"),
        _("deaths"),
        _("serious injuries"),
        _("direct economic loss (yuan)"),
        _("closed at"),
    ]
    fields = [
        "number",
        "kind",
        "title",
        "stage",
        "enterprise__name",
        "enterprise__uscc",
        "region__name",
        "office__name",
        "listing_office__name",
        "opened_at",
        "due_on",
        "grade",
        "deaths",
        "injuries",
        "direct_loss",
        "closed_at",
    ]

    def rows():
        for row in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
            row = list(row)
            kind = row[1]
            row[1] = rules.kind_label(kind)
            row[3] = rules.stage_label(kind, row[3])
            row[9], row[15] = _local(row[9]), _local(row[15])
            row[11] = rules.grade_label(row[11]) if row[11] else ""
            yield row

    return xlsx_file(Sheet(_("Cases"), [str(h) for h in headers], rows()))


def deadlines_xlsx(*, queryset):
    headers = [
        _("case number"),
        _("title"),
        _("clock"),
        _("handling office"),
        _("runs from"),
        _("due"),
    ]
    fields = ["case__number", "case__title", "kind", "office__name", "started_at", "due"]

    def rows():
        for row in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
            row = list(row)
            row[2] = rules.clock_label(row[2])
            row[4], row[5] = _local(row[4]), _local(row[5])
            yield row

    return xlsx_file(Sheet(_("Deadlines"), [str(h) for h in headers], rows()))
