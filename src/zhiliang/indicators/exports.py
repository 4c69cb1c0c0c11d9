"""xlsx export of the explorer's table: one indicator, one period, a region and its children."""

from django.utils.translation import gettext as _

from zhiliang.core.exports import Sheet, xlsx_file


def explorer_xlsx(*, data):
    """`data` is a selectors.Explorer; the region's own row first, then its children."""
    indicator = data.indicator
    headers = [
        _("region code"),
        _("region"),
        _("period"),
        _("numerator"),
        _("denominator"),
        _("value"),
        _("unit"),
    ]
    preamble = [
        [f"{indicator.code} {indicator.name}", indicator.unit, data.period or ""],
        [_("Formula"), indicator.formula],
        [_("Source"), indicator.source],
        [],
    ]
    unit = indicator.unit
    values = ([data.own] if data.own else []) + list(data.children)
    rows = (
        [v.region.code, v.region.name, v.period, v.numerator, v.denominator, v.value, unit]
        for v in values
    )
    return xlsx_file(Sheet(_("Indicator"), headers, rows, preamble=preamble))
