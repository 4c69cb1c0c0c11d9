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
