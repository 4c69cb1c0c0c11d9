from zhiliang.core.models import ApiToken, PasswordReset, User


def api_tokens_of(*, user: User):
    """The user's own tokens, newest first (expired ones are refused and shown as such)."""
    return ApiToken.objects.filter(user=user)


def password_reset_last_approved(*, user: User) -> PasswordReset | None:
    return (
        PasswordReset.objects.filter(user=user, status=PasswordReset.Status.APPROVED)
        .select_related("requested_by", "decided_by")
        .order_by("-decided_at")
        .first()
    )


def region_choices(*, user, deepest: int = 4) -> list[tuple[str, str]]:
    """(code, name) of the user's jurisdiction and the regions below it down to townships,
    in tree order (a code sorts right after its parent's), indented by depth: one query."""
    from zhiliang.core.models import Region

    scope = getattr(user, "jurisdiction", None)
    if scope is None:
        return []
    rows = (
        Region.objects.subtree(scope.code)
        .filter(level__lte=deepest)
        .order_by("code")
        .values_list("code", "name", "level")
    )
    # U+3000 (ideographic space) is not collapsed by the browser, as a plain space would be.
    return [(code, "\u3000" * (level - scope.level) + name) for code, name, level in rows]
