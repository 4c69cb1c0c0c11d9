"""xlsx export of a filtered list of risk information."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiliang.core.exports import Sheet, xlsx_file
from zhiliang.risk import rules
from zhiliang.risk.choices import SourceKind

COLUMNS = [
    ("occurred_on", _("date")),
    ("source_kind", _("source")),
    ("reference", _("reference")),
    ("product__code", _("product code")),
    ("product__name", _("product")),
    ("hazard", _("hazard")),
    ("region__code", _("region code")),
    ("region__name", _("region")),
    ("enterprise__uscc", _("enterprise USCC")),
    ("enterprise__name", _("enterprise")),
    ("text", _("description")),
]


def risk_information_xlsx(*, queryset):
    fields = [key for key, _label in COLUMNS]
    decode = {1: dict(SourceKind.choices), 5: dict(rules.hazard_choices())}

    def rows():
        for row in (
            queryset.order_by("-occurred_on", "-id").values_list(*fields).iterator(chunk_size=5000)
        ):
            row = list(row)
            for i, names in decode.items():
                row[i] = str(names.get(row[i], row[i] or ""))
            yield row

    headers = [str(label) for _key, label in COLUMNS]
    return xlsx_file(Sheet(gettext("Risk information"), headers, rows()))
