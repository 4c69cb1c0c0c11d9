"""xlsx exports of the survey and response lists (written by core/exports)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiliang.core.exports import columns_xlsx
from zhiliang.satisfaction import rules

SURVEY_COLUMNS = [
    ("code", _("survey code")), ("year", _("year")), ("title", _("title")),
    ("region__name", _("region")), ("conducted_by", _("survey firm")),
    ("fieldwork_from", _("fieldwork from")), ("fieldwork_to", _("fieldwork to")),
]  # fmt: skip
RESPONSE_COLUMNS = [
    ("survey__code", _("survey code")), ("respondent", _("respondent number")),
    ("region__code", _("region code")), ("region__name", _("region")), ("sector", _("sector")),
    ("surveyed_on", _("surveyed on")), ("weight", _("weight")),
    ("index_score", _("satisfaction index")), ("straight_lined", _("straight-lining")),
]  # fmt: skip


def surveys_xlsx(*, queryset):
    return columns_xlsx(gettext("Satisfaction surveys"), SURVEY_COLUMNS, queryset.order_by("-year"))


def responses_xlsx(*, queryset):
    yes = gettext("yes")
    decode = {
        4: rules.sector_label,
        7: lambda v: None if v is None else round(v, 1),
        8: lambda v: yes if v else "",
    }
    return columns_xlsx(
        gettext("Survey responses"), RESPONSE_COLUMNS, queryset.order_by("pk"), decode
    )
