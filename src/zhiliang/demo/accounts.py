"""Demo accounts: every role at city level (常州市) and in two districts (武进区, 新北区).

Passwords are random (not derived from the seed: a demo may be reachable from a
network) and kept in `$ZHILIANG_HOME/demo-credentials.json`, so a second run reuses them.
"""

import json
import os
import secrets
import string
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from zhiliang.core.choices import OrganizationKind, SecurityEventKind
from zhiliang.core.models import Organization, User
from zhiliang.core.roles import Role
from zhiliang.core.services import security_event_record, user_create

CREDENTIALS_FILE = "demo-credentials.json"
KEYS = ("username", "password", "role", "organisation", "region_code")
LEVELS = (("changzhou", "3204"), ("wujin", "320412"), ("xinbei", "320411"))
# The 江苏省 plan of the demo needs a province office account (see plans/demo.py).
OFFICE_ONLY = (("jiangsu", "32"),)
ROLE_WORDS = {
    Role.OFFICE_STAFF: "office",
    Role.DEPARTMENT_REPORTER: "reporter",
    Role.INSPECTOR: "inspector",
    Role.VIEWER: "viewer",
    Role.SYSTEM_ADMIN: "sysadmin",
    Role.SECURITY_ADMIN: "secadmin",
    Role.AUDIT_ADMIN: "auditor",
}
SYMBOLS = "-_.!@#%+="


def credentials_path() -> Path:
    return Path(settings.HOME) / CREDENTIALS_FILE


def new_password(length: int = 16) -> str:
    """Random, with all four character classes (the validators want three)."""
    pools = (string.ascii_lowercase, string.ascii_uppercase, string.digits, SYMBOLS)
    chars = [secrets.choice(pool) for pool in pools]
    chars += [secrets.choice("".join(pools)) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def _organisation(region_code: str, role: str) -> Organization:
    orgs = Organization.objects.filter(region__code=region_code)
    if role == Role.OFFICE_STAFF:
        org = orgs.filter(kind=OrganizationKind.OFFICE).first()
    elif role == Role.DEPARTMENT_REPORTER:
        # The market bureau leads most quality tasks, so its reporter has the most to do
        # in the demo, and answers the demo's 督办 notice.
        org = orgs.filter(name__endswith="市场监督管理局").first()
    else:
        org = orgs.filter(name__endswith="市场监督管理局").first()
    if org is None:
        raise LookupError(f"no organisation for {role} in {region_code}: run `zhiliang generate`")
    return org


def _read(path: Path) -> dict[str, str]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        return {e["username"]: e["password"] for e in entries}
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return {}


def _places():
    """Every level gets all roles; 江苏省 an office account once the demo plans made its office."""
    places = [(place, code, ROLE_WORDS) for place, code in LEVELS]
    for place, code in OFFICE_ONLY:
        if Organization.objects.filter(region__code=code, kind=OrganizationKind.OFFICE).exists():
            places.append((place, code, {Role.OFFICE_STAFF: ROLE_WORDS[Role.OFFICE_STAFF]}))
    return places


def demo_users_ensure(*, path: Path | None = None) -> list[dict]:
    """Create the missing demo accounts, write the credentials file, return its entries."""
    path = path or credentials_path()
    known = _read(path)
    entries = []
    with transaction.atomic():
        for place, region_code, roles in _places():
            for role, word in roles.items():
                username = f"{place}.{word}"
                organisation = _organisation(region_code, role)
                user = User.objects.filter(username=username).first()
                password = known.get(username)
                if user is not None:
                    organisation = user.organization or organisation
                if user is None:
                    password = password or new_password()
                    user_create(
                        actor=None,
                        username=username,
                        password=password,
                        organization=organisation,
                        full_name=f"{organisation.short_name or organisation.name} {role.label}",
                        roles=[role],
                    )
                elif password is None:
                    # The account exists but its password was lost with the file: reset it.
                    password = new_password()
                    user.set_password(password)
                    user.save(update_fields=["password"])
                    security_event_record(kind=SecurityEventKind.PASSWORD_CHANGED, user=user)
                entries.append(
                    {
                        "username": username,
                        "password": password,
                        "role": str(role.value),
                        "organisation": organisation.name,
                        "region_code": organisation.region.code,
                    }
                )
    _write_private(path, json.dumps(entries, ensure_ascii=False, indent=2) + "\n")
    return entries


def _write_private(path: Path, text: str) -> None:
    # Created 0600 from the start: the file holds passwords.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    path.chmod(0o600)


def credentials_table(entries: list[dict]) -> str:
    """A plain-text table; CJK characters count as two columns wide."""

    def width(text: str) -> int:
        return sum(2 if ord(c) > 0x2E80 else 1 for c in text)

    titles = {
        "username": _("username"),
        "password": _("password"),
        "role": _("role"),
        "organisation": _("organisation"),
        "region_code": _("region code"),
    }
    rows = [{**e, "role": str(Role(e["role"]).label)} for e in entries]
    widths = {k: max(width(titles[k]), *(width(e[k]) for e in rows)) for k in KEYS}

    def line(values: dict) -> str:
        return "  ".join(values[k] + " " * (widths[k] - width(values[k])) for k in KEYS).rstrip()

    rule = "  ".join("-" * widths[k] for k in KEYS)
    return "\n".join([line(titles), rule, *(line(e) for e in rows)])
