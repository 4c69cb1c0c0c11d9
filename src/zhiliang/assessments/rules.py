"""Value rules of schemes shared by the model, the YAML loader and the admin: numbers and
grade bands as a scheme writes them."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def number(value, what: str) -> Decimal | None:
    """A finite number, or None for nothing given."""
    if value is None or value == "":
        return None
    try:
        figure = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(
            _("%(w)s: %(v)s is not a number.") % {"w": what, "v": value}
        ) from None
    if not figure.is_finite():
        raise ValidationError(_("%(w)s: %(v)s is not a number.") % {"w": what, "v": value})
    return figure


def grade_bands(raw) -> list[list]:
    """[[grade, least points], …] (or {grade:, min:} mappings), highest first; each grade once."""
    if not isinstance(raw, list) or not raw:
        raise ValidationError(_("Grade bands must be a list of [grade, least points] pairs."))
    bands = []
    for band in raw:
        if isinstance(band, dict):
            band = [band.get("grade"), band.get("min")]
        if not isinstance(band, list | tuple) or len(band) != 2 or not str(band[0] or "").strip():
            raise ValidationError(_("Grade bands must be a list of [grade, least points] pairs."))
        least = number(band[1], str(band[0]))
        if least is None:
            raise ValidationError(_("Grade bands must be a list of [grade, least points] pairs."))
        bands.append([str(band[0]).strip(), float(least)])
    if len({b[0] for b in bands}) != len(bands):
        raise ValidationError(_("A grade appears twice in the grade bands."))
    return sorted(bands, key=lambda b: b[1], reverse=True)
