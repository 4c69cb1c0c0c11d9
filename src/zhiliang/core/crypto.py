"""Field encryption (Fernet) and keyed hashes (HMAC) for personal data at rest.

The keys come from `ZHILIANG_FIELD_KEY` (setting or environment variable) when set, else
from SECRET_KEY; each use gets its own derived key. Changing the key makes stored values
unreadable: rotate by re-encrypting, never by editing the setting alone.
"""

import base64
import hashlib
import hmac
import os

from cryptography.fernet import Fernet
from django.conf import settings


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


def encrypt_bytes(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return _fernet().decrypt(token)


def keyed_hash(text: str) -> str:
    return hmac.new(_derived(b"id-number-hash"), text.encode(), hashlib.sha256).hexdigest()
