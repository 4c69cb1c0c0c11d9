"""xlsx export of the purchases list (through the shared writer: no formulas)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiliang.core.exports import columns_xlsx, label_of
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
    decode = {6: label_of(dict(Channel.choices)), 14: label_of(dict(Verdict.choices))}
    ordered = queryset.order_by("-bought_on", "-id")
    return columns_xlsx(gettext("Risk monitoring purchases"), COLUMNS, ordered, decode)
