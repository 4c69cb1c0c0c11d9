"""Start-up checks: the web process (wsgi), the worker and `zhiliang check` refuse to run when
stored personal data cannot be decrypted with the configured field keys."""

from django.core.checks import Error, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

MISSING_HINT = (
    "Add the key to ZHILIANG_FIELD_KEYS (keep the newest first) from the key escrow "
    "(docs/deploy.md, section 4). Do not write new data before: it could not be checked "
    "against the unreadable values."
)


def describe(problem) -> str:
    key = (
        f"field key {problem.key}"
        if problem.key
        else "a key from before key fingerprints were recorded (most likely the "
        "ZHILIANG_SECRET_KEY of that time)"
    )
    return f"{problem.count} {problem.store} encrypted with {key}"


@register("zhiliang")
def field_keys_check(app_configs=None, **kwargs):
    """E001: values no configured key decrypts. W002: values not yet under the newest key."""
    from zhiliang.core import field_keys

    try:
        problems = field_keys.problems()
    except DatabaseError:  # no database or tables yet (before `migrate`): nothing is stored
        return []
    messages = []
    for p in problems:
        if p.missing:
            messages.append(
                Error(
                    f"{describe(p)}: no key in ZHILIANG_FIELD_KEYS decrypts them.",
                    hint=MISSING_HINT,
                    id="zhiliang.E001",
                )
            )
        else:
            messages.append(
                Warning(
                    f"{describe(p)}, not the newest field key.",
                    hint="Run `zhiliang rotate-field-key` (docs/deploy.md, section 4).",
                    id="zhiliang.W002",
                )
            )
    return messages


def refuse_unreadable_data() -> None:
    """For the web process: raise, with the check's message, when data cannot be decrypted."""
    errors = [m for m in field_keys_check() if m.is_serious()]
    if errors:
        raise ImproperlyConfigured("\n".join(f"{e.msg} {e.hint}" for e in errors))
