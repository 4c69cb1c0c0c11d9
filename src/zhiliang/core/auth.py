from django.contrib.auth.backends import ModelBackend

from zhiliang.core import services


class RoleLockoutBackend(ModelBackend):
    """Password login with lock-out; permissions come from roles (see roles.py)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        # None for every refusal, a locked account included (see services.auth_attempt).
        return services.auth_attempt(request=request, username=username, password=password)

    def get_user(self, user_id):
        # The session's user with their jurisdiction (organisation → region): read on
        # every page, two queries fewer.
        from zhiliang.core.models import User

        user = User._default_manager.select_related("organization__region").filter(pk=user_id)
        user = user.first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        return user_obj.get_all_permissions(obj)

    def has_perm(self, user_obj, perm, obj=None):
        return user_obj.has_perm(perm, obj)
