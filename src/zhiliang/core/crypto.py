"""Field encryption (Fernet) and keyed hashes (HMAC) for personal data at rest.

The keys are `settings.ZHILIANG_FIELD_KEYS` (environment `ZHILIANG_FIELD_KEYS`, comma-separated,
newest first), never the secret key. Values are encrypted with the newest key and decrypted
with whichever key wrote them (MultiFernet); the keyed hash uses the newest key.
`zhiliang rotate-field-key` re-encrypts stored values and hashes with the newest key.

Each stored value starts with the fingerprint of the key that wrote it (`1a2b3c4d:gAAAA…`),
so a missing key can be named (see `zhiliang.core.checks`). Values written before
fingerprints were recorded have none and are decrypted by trying every key.
"""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = ["InvalidToken"]

SEPARATOR = b":"
FINGERPRINT_LENGTH = 8


def _derived(secret: str, purpose: bytes) -> bytes:
    return hmac.new(secret.encode(), b"zhiliang:" + purpose, hashlib.sha256).digest()


def fingerprint(secret: str) -> str:
    """A short public name of a key (8 hex digits): safe to log, print and write on escrow."""
    return hashlib.sha256(_derived(secret, b"fingerprint")).hexdigest()[:FINGERPRINT_LENGTH]


def field_keys() -> tuple[str, ...]:
    keys = tuple(settings.ZHILIANG_FIELD_KEYS)
    if not keys:
        raise ValueError("ZHILIANG_FIELD_KEYS is empty: no key to encrypt personal data with")
    return keys


@lru_cache(maxsize=8)
def _fernets(keys: tuple[str, ...]) -> dict[str, Fernet]:
    """Fingerprint → Fernet, newest key first."""
    return {
        fingerprint(k): Fernet(base64.urlsafe_b64encode(_derived(k, b"field-encryption")))
        for k in keys
    }


def _split(token: bytes) -> tuple[str | None, bytes]:
    head, sep, rest = token.partition(SEPARATOR)
    if sep and len(head) == FINGERPRINT_LENGTH:
        return head.decode("ascii"), rest
    return None, token  # written before fingerprints were recorded (Fernet has no ":")


def key_of(token: str | bytes) -> str | None:
    """The fingerprint of the key a stored value was written with (None if not recorded)."""
    head = token[: FINGERPRINT_LENGTH + 1]
    return _split(head.encode("ascii", "replace") if isinstance(head, str) else head)[0]


def newest_fingerprint() -> str:
    return fingerprint(field_keys()[0])


def encrypt_bytes(data: bytes) -> bytes:
    name, fernet = next(iter(_fernets(field_keys()).items()))
    return name.encode("ascii") + SEPARATOR + fernet.encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    """The plain bytes; raises InvalidToken when no configured key wrote them."""
    fernets = _fernets(field_keys())
    name, body = _split(token)
    if name is None:
        return MultiFernet(list(fernets.values())).decrypt(body)
    if name not in fernets:
        raise InvalidToken(f"field key {name} is not among ZHILIANG_FIELD_KEYS")
    return fernets[name].decrypt(body)


def encrypt(text: str) -> str:
    return encrypt_bytes(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    return decrypt_bytes(token.encode("ascii")).decode()


def keyed_hash(text: str) -> str:
    return hmac.new(
        _derived(field_keys()[0], b"id-number-hash"), text.encode(), hashlib.sha256
    ).hexdigest()
