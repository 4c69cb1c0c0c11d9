"""xlsx export of a filtered list of cards, through the shared writer."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiliang.core.exports import Sheet, xlsx_file
from zhiliang.earlywarning.choices import CardColour, CardStatus
from zhiliang.risk import rules as risk_rules

COLUMNS = [
    ("issued_on", _("issued on")),
    ("colour", _("colour")),
    ("status", _("status")),
    ("region__code", _("region code")),
    ("region__name", _("carded region")),
    ("issuer__name", _("issued by")),
    ("product__code", _("product code")),
    ("product__name", _("product")),
    ("hazard", _("hazard")),
    ("deadline", _("rectify by")),
    ("red_on", _("red since")),
    ("lifted_on", _("lifted on")),
    ("problem", _("the regional problem")),
]


def cards_xlsx(*, queryset):
    fields = [key for key, _label in COLUMNS]
    decode = {
        1: dict(CardColour.choices),
        2: dict(CardStatus.choices),
        8: dict(risk_rules.hazard_choices()),
    }

    def rows():
        for row in queryset.order_by("-issued_on", "-id").values_list(*fields).iterator():
            row = list(row)
            for i, names in decode.items():
                row[i] = str(names.get(row[i], row[i] or ""))
            yield row

    headers = [str(label) for _key, label in COLUMNS]
    return xlsx_file(Sheet(gettext("Yellow and red cards"), headers, rows()))
