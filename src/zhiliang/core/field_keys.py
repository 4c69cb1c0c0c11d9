"""Where personal data is stored encrypted, which keys wrote it, and re-encryption.

Each app that stores values encrypted by `zhiliang.core.crypto` lists a *store* in
`ENCRYPTED_STORES`: an object with a `label`, `keys_in_use()` (fingerprint or None → how many
values and one of them) and `rotate(batch_size)` (re-encrypt with the newest key, return how
many). The start-up check and `zhiliang rotate-field-key` read the same list.
"""

from dataclasses import dataclass

from django.utils.module_loading import import_string

from zhiliang.core import crypto

ENCRYPTED_STORES = [
    "zhiliang.equipment.field_keys.OperatorIdNumbers",
    "zhiliang.imports.field_keys.StagedImports",
    "zhiliang.complaints.field_keys.ComplainantData",
]


@dataclass
class KeyUse:
    count: int
    sample: str | bytes  # one stored value, to try the keys on when no fingerprint was recorded


def stores() -> list:
    return [import_string(path)() for path in ENCRYPTED_STORES]


def tally(uses: dict, token: str | bytes) -> None:
    """Count one stored value under the fingerprint of its key."""
    name = crypto.key_of(token)
    if name in uses:
        uses[name].count += 1
    else:
        uses[name] = KeyUse(1, token)


def readable(token: str | bytes) -> bool:
    try:
        crypto.decrypt_bytes(token if isinstance(token, bytes) else token.encode("ascii"))
    except crypto.InvalidToken:
        return False
    return True


@dataclass
class Problem:
    store: str
    count: int
    key: str | None  # fingerprint of the missing key; None: written before fingerprints
    missing: bool  # True: no configured key reads them; False: readable, not with the newest


def problems() -> list[Problem]:
    configured = {crypto.fingerprint(k) for k in crypto.field_keys()}
    newest = crypto.newest_fingerprint()
    found = []
    for store in stores():
        for name, use in store.keys_in_use().items():
            if name == newest:
                continue
            missing = name not in configured if name else not readable(use.sample)
            found.append(Problem(store.label, use.count, name, missing))
    return found
