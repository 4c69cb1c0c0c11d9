"""Numbers as offices write them, the same in every page and language.

- `count`: whole numbers with thousands separators: 56000 → 56,000; 18819.00 → 18,819.
- `figure`: a measured amount, up to two decimals, trailing zeros dropped: 1234.50 → 1,234.5.
- `rate`: a share given as a fraction: 0.8939 → 89.4 %.
- `percent`: a value already in percent: 89.39 → 89.4 %.
- `in_unit`: a value whose unit is written beside it: 89.39 with unit % → 89.4.
- `score`: assessment points to the cent, as the .docx report writes them: 91.50 → 91.5.

Grouping is by three digits with a comma in both languages (公文 write 56,000, not
5,6000), so the filters format themselves instead of following the locale. Years, ids
and codes are never passed through them and so never get separators.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()

EMPTY = "—"


def _decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _fixed(number: Decimal, places: int) -> Decimal:
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@register.filter
def count(value) -> str:
    number = _decimal(value)
    if number is None:
        return EMPTY
    return f"{_fixed(number, 0):,f}"


@register.filter
def figure(value, places=2) -> str:
    number = _decimal(value)
    if number is None:
        return EMPTY
    text = f"{_fixed(number, int(places)):,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def percent(value, places=1) -> str:
    number = _decimal(value)
    if number is None:
        return EMPTY
    return f"{_fixed(number, int(places)):,f} %"


@register.filter
def rate(value, places=1) -> str:
    number = _decimal(value)
    if number is None:
        return EMPTY
    return percent(number * 100, places)


@register.filter
def in_unit(value, unit="") -> str:
    """A value in its unit, the unit written beside it: percentages (and per mille) to one
    decimal as rates are written everywhere (89.4), other amounts as `figure`."""
    if unit in ("%", "‰"):
        number = _decimal(value)
        return EMPTY if number is None else f"{_fixed(number, 1):,f}"
    return figure(value)


@register.filter
def score(value) -> str:
    number = _decimal(value)
    if number is None:
        return EMPTY
    # The same rounding as the report (assessments.scoring.figure): cents, half up.
    text = f"{_fixed(number, 2):f}"
    return text.rstrip("0").rstrip(".")
