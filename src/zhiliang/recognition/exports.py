"""xlsx exports of rounds and the registry of holders (core/exports: no formulas)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiliang.core.exports import columns_xlsx
from zhiliang.recognition import rules
from zhiliang.recognition.choices import HolderKind, HolderStatus

ROUND_COLUMNS = [
    ("title", _("title")),
    ("scheme", _("scheme")),
    ("year", _("year")),
    ("level", _("level")),
    ("region__name", _("region")),
    ("opens_on", _("applications open on")),
    ("closes_on", _("applications close on")),
    ("status", _("status")),
]
HOLDER_COLUMNS = [
    ("kind", _("kind")),
    ("enterprise__name", _("enterprise")),
    ("enterprise__uscc", _("enterprise USCC")),
    ("region__name", _("region")),
    ("product", _("product")),
    ("level", _("level")),
    ("grade", _("grade")),
    ("year", _("year")),
    ("valid_from", _("valid from")),
    ("valid_until", _("valid until")),
    ("status", _("status")),
    ("certificate_number", _("certificate number")),
]
PUBLIC_COLUMNS = [c for c in HOLDER_COLUMNS if c[0] not in ("status",)]


def rounds_xlsx(*, queryset):
    schemes, levels = dict(rules.scheme_choices()), dict(rules.level_choices())
    return columns_xlsx(
        gettext("Evaluation rounds"),
        ROUND_COLUMNS,
        queryset.order_by("pk"),
        {1: lambda v: schemes.get(v, v), 3: lambda v: levels.get(v, v)},
    )


def _holder_decode():
    kinds, levels = dict(HolderKind.choices), dict(rules.level_choices())
    statuses = dict(HolderStatus.choices)
    return {
        0: lambda v: str(kinds.get(v, v)),
        5: lambda v: levels.get(v, v),
        10: lambda v: str(statuses.get(v, v)),
    }


def holders_xlsx(*, queryset):
    return columns_xlsx(
        gettext("Title holders"), HOLDER_COLUMNS, queryset.order_by("pk"), _holder_decode()
    )


def public_holders_xlsx(*, queryset):
    decode = {k: v for k, v in _holder_decode().items() if k < 10}
    decode[10] = lambda v: v
    return columns_xlsx(gettext("Title holders"), PUBLIC_COLUMNS, queryset, decode)
