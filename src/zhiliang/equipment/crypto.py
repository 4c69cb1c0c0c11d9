"""Operator ID numbers: checked against GB 11643, masked for display; encrypted and hashed by
`zhiliang.core.crypto` (re-exported here)."""

from datetime import date

from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from zhiliang.core.crypto import decrypt, encrypt, keyed_hash

__all__ = [
    "age_on",
    "decrypt",
    "encrypt",
    "keyed_hash",
    "mask_id",
    "mask_id_text",
    "normalize_id",
    "parse_id_number",
]


def normalize_id(text: str) -> str:
    return str(text or "").strip().upper().replace(" ", "")


def parse_id_number(text: str) -> tuple[str, date]:
    """The 18-digit resident ID (GB 11643) and the birth date it holds; ValueError if invalid."""
    number = normalize_id(text)
    if len(number) != 18:
        raise ValueError("an ID number has 18 characters")
    try:
        number = ric.validate(number)
        return number, ric.get_birth_date(number)
    except StdnumError as exc:
        raise ValueError(str(exc)) from None


def mask_id(number: str) -> str:
    """3204**********1234: region of issue and the last four kept."""
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_id_text(text: str) -> str:
    """Whatever a cell holds where an ID number belongs, masked: valid or not, never shown."""
    number = normalize_id(text)
    if len(number) > 8:
        return mask_id(number)
    return "*" * len(number)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
