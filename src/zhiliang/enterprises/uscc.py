"""统一社会信用代码 (GB 32100-2015), validated with python-stdnum."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions
from stdnum.cn import uscc

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def normalize(value: str) -> str:
    if len(value) == 18 and value.isascii() and value.isalnum() and not value.islower():
        return value.upper()  # already clean: the common case, kept cheap for big imports
    # NFKC turns full-width letters and digits (９１３２…) into ASCII.
    return uscc.compact(unicodedata.normalize("NFKC", value or "")).replace("\u3000", "")


def clean_uscc(value: str) -> str:
    """The normalised code, or a ValidationError that says what is wrong with it."""
    number = normalize(value)
    try:
        return uscc.validate(number)
    except exceptions.InvalidLength:
        raise ValidationError(
            _("A USCC has 18 characters; this one has %(n)d.") % {"n": len(number)},
            code="uscc_length",
        ) from None
    except exceptions.InvalidFormat:
        bad = sorted(
            {c for c in number[8:] if c not in ALPHABET}
            | {c for c in number[:8] if not c.isdigit()}
        )
        raise ValidationError(
            _(
                "The USCC contains characters that are not allowed here: %(c)s "
                "(the first 8 must be digits; I, O, S, V and Z are never used)."
            )
            % {"c": " ".join(bad) or number},
            code="uscc_format",
        ) from None
    except exceptions.InvalidChecksum:
        raise ValidationError(
            _("The USCC check character is wrong: it should be %(want)s, not %(got)s.")
            % {"want": uscc.calc_check_digit(number[:17]), "got": number[-1]},
            code="uscc_checksum",
        ) from None


def org_code_check(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in body]
    check = 11 - sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(region_code: str, body: str, authority: str = "9", kind: str = "1") -> str:
    """A valid code for `region_code` (6 digits) and an 8-character organisation body."""
    if len(body) != 8 or any(c not in ALPHABET for c in body):
        raise ValueError(f"organisation code body must be 8 of {ALPHABET}: {body!r}")
    head = f"{authority}{kind}{region_code}{body}{org_code_check(body)}"
    return head + uscc.calc_check_digit(head)
