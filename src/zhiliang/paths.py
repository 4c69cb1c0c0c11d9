"""Where runtime files live: `$ZHILIANG_HOME`, else `var/` in the working directory."""

import os
import secrets
from pathlib import Path


def home() -> Path:
    path = Path(os.environ.get("ZHILIANG_HOME") or Path.cwd() / "var").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def local_secret_key() -> str:
    """A key generated once per installation, so local sessions survive restarts."""
    return _local_key("secret_key")


def local_field_key() -> str:
    """Outside production: the field-encryption key, generated once per installation."""
    return _local_key("field_key")


def _local_key(name: str) -> str:
    path = home() / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()
