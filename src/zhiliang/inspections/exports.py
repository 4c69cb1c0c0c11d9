"""The announcement table (抽查结果公告) as xlsx: one row per sample with its failed items.

Only what a bureau publishes: product, enterprise, USCC, brand, model, batch, verdict and
failed items — enterprises, not persons, so nothing is masked and no person is named.
"""

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zhiliang.core.exports import Sheet, xlsx_file
from zhiliang.inspections.choices import Verdict
from zhiliang.inspections.models import TestItem

CHUNK = 2000


def columns():
    return [
        _("No."),
        _("sample number"),
        _("product"),
        _("enterprise"),
        _("USCC"),
        _("brand"),
        _("model / specification"),
        _("batch or production date"),
        _("sampled on"),
        _("verdict"),
        _("failed items"),
        _("sampling authority"),
    ]


VERDICT_WORDS = {Verdict.PASS: "合格", Verdict.FAIL: "不合格", Verdict.PENDING: "待检"}


def _failed(ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    rows = (
        TestItem.objects.filter(sample_id__in=ids, verdict=Verdict.FAIL)
        .order_by("sample_id", "order", "id")
        .values_list("sample_id", "item")
    )
    for sample_id, item in rows:
        out[sample_id].append(item)
    return out


def announcement_rows(queryset):
    """Rows of the table, in chunks: one query for the samples, one per chunk for items."""
    fields = (
        "id",
        "sample_number",
        "product__name",
        "enterprise__name",
        "enterprise__uscc",
        "brand",
        "model",
        "batch",
        "sampled_on",
        "verdict",
        "plan__authority__name",
    )
    qs = (
        queryset.exclude(verdict=Verdict.PENDING).order_by("-sampled_on", "id").values_list(*fields)
    )
    n = 0
    chunk: list[tuple] = []

    def flush():
        nonlocal n
        failed = _failed([r[0] for r in chunk])
        for r in chunk:
            n += 1
            yield [
                n,
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                r[8],
                VERDICT_WORDS.get(r[9], r[9]),
                "、".join(failed.get(r[0], [])),
                r[10],
            ]

    for row in qs.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from flush()
            chunk = []
    if chunk:
        yield from flush()


def announcement_xlsx(*, queryset):
    headers = [str(label) for label in columns()]
    # Samples without a verdict cannot be published; say how many were left out, so the
    # sheet is never taken for the whole selection.
    pending = queryset.filter(verdict=Verdict.PENDING).count()
    preamble = (
        [
            [
                ngettext(
                    "%(n)s sample of this selection has no verdict yet and is not listed.",
                    "%(n)s samples of this selection have no verdict yet and are not listed.",
                    pending,
                )
                % {"n": f"{pending:,}"}
            ]
        ]
        if pending
        else []
    )
    sheet = Sheet(_("Sampling results"), headers, announcement_rows(queryset), preamble=preamble)
    return xlsx_file(sheet)


def result_sheet_template(user):
    """The laboratory result sheet: the importer's own template (its columns, an example
    sample of the user's jurisdiction over two test item rows, and a sheet on each column)."""
    from zhiliang.imports.template_xlsx import template_xlsx
    from zhiliang.inspections.importers import SAMPLE_IMPORT

    return template_xlsx(SAMPLE_IMPORT, user)
