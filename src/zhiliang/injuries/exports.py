"""xlsx exports: the case list (without narratives: they stay on the pages of authorised
staff) and the weighted estimates with their intervals and stability."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from zhiliang.core.exports import Sheet, columns_xlsx, label_of, xlsx_file
from zhiliang.injuries import rules
from zhiliang.injuries.choices import Sex

COLUMNS = [
    ("hospital__code", _("hospital code")),
    ("hospital__name", _("sentinel hospital")),
    ("region__code", _("region code")),
    ("case_number", pgettext_lazy("injury", "case number")),
    ("treated_on", _("date of treatment")),
    ("age", _("age")),
    ("sex", _("sex")),
    ("body_part", _("body part")),
    ("diagnosis", _("diagnosis")),
    ("disposition", _("disposition")),
    ("place", _("place of injury")),
    ("product_codes", _("product codes")),
]


def cases_xlsx(*, queryset):
    decode = {6: label_of(dict(Sex.choices))}
    for i, key in ((7, "body_parts"), (8, "diagnoses"), (9, "dispositions"), (10, "places")):
        decode[i] = label_of(dict(rules.choices(key)))
    ordered = queryset.order_by("-treated_on", "-id")
    return columns_xlsx(gettext("Injury cases"), COLUMNS, ordered, decode)


def estimates_export(*, user, params: dict):
    """The estimates page's export (`core.views.xlsx_export` maker): (xlsx, rows)."""
    from django.http import QueryDict

    from zhiliang.core.views import params_query
    from zhiliang.injuries.forms import EstimateForm
    from zhiliang.injuries.selectors import injury_estimates

    if not user.has_perm("injuries.view_injurycase"):
        raise PermissionDenied(gettext("You may no longer open this list."))
    query = params if isinstance(params, QueryDict) else params_query(params)
    form = EstimateForm(query, actor=user)
    if not form.is_valid():
        raise ValidationError(gettext("The filters of this export are no longer valid."))
    rows = injury_estimates(user=user, **form.cleaned_data)
    headers = [
        gettext("period from"), gettext("period to"), gettext("code"), gettext("product"),
        pgettext("injury", "cases"), gettext("weighted estimate"), gettext("standard error"),
        gettext("coefficient of variation (%)"), gettext("lower bound of the 95 per cent interval"),
        gettext("upper bound of the 95 per cent interval"), gettext("unstable because"),
    ]  # fmt: skip
    table = [
        [
            e.period,
            e.period_end,
            e.code,
            e.name,
            e.cases,
            round(e.estimate),
            round(e.se, 1),
            None if e.cv is None else round(e.cv * 100, 1),
            round(e.low),
            round(e.high),
            "; ".join(e.reasons),
        ]  # fmt: skip
        for e in rows
    ]
    note = [[rules.plain(rules.unstable_rule()["source"])]]
    return xlsx_file(Sheet(gettext("Injury estimates"), headers, table, preamble=note)), len(table)


def _rounded(value, places=0):
    return None if value is None else round(value, places)
