"""xlsx exports of the campaign, check and key energy-using unit lists (core/exports)."""

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from zhiliang.core.exports import columns_xlsx
from zhiliang.metrology import rules
from zhiliang.metrology.models import Verdict

CAMPAIGN_COLUMNS = [
    ("code", _("campaign code")), ("name", _("name")), ("subject", _("subject")),
    ("region__name", _("region")), ("starts_on", _("starts on")), ("ends_on", _("ends on")),
]  # fmt: skip
CHECK_COLUMNS = [
    ("campaign__code", _("campaign code")), ("number", _("check number")),
    ("enterprise__uscc", _("enterprise USCC")), ("enterprise__name", _("enterprise")),
    ("region__name", _("region")), ("checked_on", pgettext_lazy("metrology", "checked on")),
    ("item", _("product or instrument")), ("nominal", _("nominal quantity")),
    ("nominal_unit", _("unit")), ("lot_size", _("lot size")), ("sample_size", _("sample size")),
    ("mean", _("mean")), ("beyond_t", _("beyond tolerance")),
    ("beyond_2t", _("beyond twice the tolerance")), ("max_error", _("largest error")),
    ("verdict", _("verdict")), ("reasons", pgettext_lazy("verdict", "reasons")),
]  # fmt: skip
UNIT_COLUMNS = [
    ("name", _("name")), ("enterprise__uscc", _("enterprise USCC")),
    ("region__name", _("region")), ("annual_tce", _("energy use (t standard coal a year)")),
    ("year", _("year of the energy use")), ("required", _("instruments required")),
    ("counted", _("instruments installed (up to the required)")),
]  # fmt: skip


def campaigns_xlsx(*, queryset):
    subjects = dict(rules.subject_choices())
    ordered = queryset.order_by("code")
    decode = {2: lambda v: str(subjects.get(v, v))}
    return columns_xlsx(gettext("Metrology campaigns"), CAMPAIGN_COLUMNS, ordered, decode)


def checks_xlsx(*, queryset):
    verdicts = dict(Verdict.choices)
    rnd = lambda v: None if v is None else round(v, 3)  # noqa: E731
    decode = {11: rnd, 14: rnd, 15: lambda v: str(verdicts.get(v, v))}
    return columns_xlsx(gettext("Metrology checks"), CHECK_COLUMNS, queryset.order_by("pk"), decode)


def energy_units_xlsx(*, queryset):
    return columns_xlsx(gettext("Key energy-using units"), UNIT_COLUMNS, queryset.order_by("pk"))
