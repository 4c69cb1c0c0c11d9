"""Personal data is shown masked unless the viewer's role may see it in full."""


def mask(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    if not value:
        return value
    if len(value) <= keep_start + keep_end:
        return value[:1] + "*" * (len(value) - 1)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def may_see_personal_data(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("core.view_personal_data"))
