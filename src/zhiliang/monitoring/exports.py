"""xlsx export of the purchases list (through the shared writer: no formulas)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiliang.core.exports import Sheet, xlsx_file
from zhiliang.monitoring.choices import Channel, Verdict

COLUMNS = [
    ("plan__name", _("plan")),
    ("number", _("sample number")),
    ("product__code", _("product code")),
    ("product__name", _("product")),
    ("region__code", _("region code")),
    ("region__name", _("region bought in")),
    ("channel", _("channel")),
    ("shop", _("shop or online store")),
    ("platform", _("platform")),
    ("bought_on", _("bought on")),
    ("price", _("price (yuan)")),
    ("sample_name", _("sample name")),
    ("brand", _("brand")),
    ("enterprise__name", _("producer")),
    ("verdict", _("verdict")),
]


def purchases_xlsx(*, queryset):
    fields = [key for key, _label in COLUMNS]
    decode = {6: dict(Channel.choices), 14: dict(Verdict.choices)}

    def rows():
        ordered = queryset.order_by("-bought_on", "-id").values_list(*fields)
        for row in ordered.iterator(chunk_size=5000):
            row = list(row)
            for i, names in decode.items():
                row[i] = str(names.get(row[i], row[i] or ""))
            yield row

    headers = [str(label) for _key, label in COLUMNS]
    return xlsx_file(Sheet(gettext("Risk monitoring purchases"), headers, rows()))
