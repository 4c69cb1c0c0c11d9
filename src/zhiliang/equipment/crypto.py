"""Operator ID numbers: encrypted at rest (Fernet), hashed with a key (HMAC) for look-ups.

The keys come from `ZHILIANG_FIELD_KEY` (setting or environment variable) when set, else
from SECRET_KEY; each use gets its own derived key. Changing the key makes stored numbers
unreadable: rotate by re-encrypting, never by editing the setting alone.
"""

import base64
import hashlib
import hmac
import os
from datetime import date

from cryptography.fernet import Fernet
from django.conf import settings
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError


def _secret() -> bytes:
    key = getattr(settings, "ZHILIANG_FIELD_KEY", "") or os.environ.get("ZHILIANG_FIELD_KEY", "")
    return (key or settings.SECRET_KEY).encode()


def _derived(purpose: bytes) -> bytes:
    return hmac.new(_secret(), b"zhiliang:" + purpose, hashlib.sha256).digest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derived(b"field-encryption")))


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def keyed_hash(text: str) -> str:
    return hmac.new(_derived(b"id-number-hash"), text.encode(), hashlib.sha256).hexdigest()


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


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
