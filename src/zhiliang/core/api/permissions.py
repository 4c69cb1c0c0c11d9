from rest_framework import exceptions, permissions

READ = "%(app_label)s.view_%(model_name)s"
# A permission no role grants and that superusers do not get either: the method is closed.
NOBODY = None


def reads_and_writes(read: str, write: str | None = NOBODY, *, options=()) -> dict:
    """Rights of a model that borrows another's: `read` for GET/HEAD, `write` for the rest."""
    return {
        "GET": [read],
        "HEAD": [read],
        "OPTIONS": list(options),
        **{method: [write] for method in ("POST", "PUT", "PATCH", "DELETE")},
    }


# For POST actions whose right the service decides (publish, verify, transition…): the
# caller must at least read the model; the service checks the rest.
SERVICE_DECIDES = {"POST": [READ]}


class RolePermissions(permissions.DjangoModelPermissions):
    """The one permission class of the API: model rights from roles (view included).

    A viewset declares what differs from the model's own rights, never a class of its own:
    `perms = {"POST": ["app.perm"], …}` for all its actions, and
    `action_perms = {"publish": SERVICE_DECIDES, …}` for one action. The strings may use
    `%(app_label)s` and `%(model_name)s` of the viewset's model; `NOBODY` closes a method."""

    perms_map = {
        "GET": [READ],
        "OPTIONS": [],
        "HEAD": [READ],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if getattr(view, "_ignore_model_permissions", False):
            return True
        table = {
            **self.perms_map,
            **getattr(view, "perms", {}),
            **getattr(view, "action_perms", {}).get(getattr(view, "action", None), {}),
        }
        if request.method not in table:
            raise exceptions.MethodNotAllowed(request.method)
        required = table[request.method]
        if NOBODY in required:
            return False
        # The viewset's declared model when it has one: no queryset built just to name it.
        meta = (getattr(view, "model", None) or self._queryset(view).model)._meta
        names = {"app_label": meta.app_label, "model_name": meta.model_name}
        return user.has_perms([perm % names for perm in required])
