
from django.utils import timezone

from zhiliang.core.models import User


def user_locked_until(*, username: str):
    user = User.objects.filter(username=username).only("locked_until").first()
    if user and user.locked_until and user.locked_until > timezone.now():
        return user.locked_until
    return None
