"""The shared base of every back-office page that shows records of a jurisdiction.

One object look-up serves every object view — change, delete, history, a history version
and its revert, and any view a library adds through `get_urls()`: the record must be in
`visible_to(request.user)` and the user must hold a right on the model, or the answer is
404, exactly as for a record that does not exist. Saves (a change, a revert, an addition)
run the model's own validation and may not put the record outside the user's jurisdiction.
An admin whose app has services declares them (`create_service`, `update_service`,
`validator`): a save then goes through them like every other surface — rights, rules, derived
fields and history alike.
"""

from functools import wraps

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.urls import URLPattern
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from zhiliang.core.models import Region
from zhiliang.core.models.regions import subtree_ids

OUTSIDE_JURISDICTION = _("This record would be outside your jurisdiction.")


def record_region_id(obj, path: str | None) -> int | None:
    """The id of the region a record belongs to, following its queryset's `region_field`."""
    if not path:
        return None
    *steps, last = path.split("__")
    for step in steps:
        obj = getattr(obj, step, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


class JurisdictionFormMixin:
    """Admin forms: the model's whole validation, then the jurisdiction of the result."""

    admin_request = None
    # Fields the admin fills in itself in save_model (`ScopedAdmin.filled_on_save`):
    # save_model validates them once it has set them.
    admin_fills: frozenset[str] = frozenset()
    # The service validator (`ScopedAdmin.validator`): the rules that need other rows.
    admin_validator = None

    def _get_validation_exclusions(self):
        # A ModelForm validates only its own fields; here every field of the model is
        # validated, as `full_clean()` does (a revert restores the read-only ones too),
        # except those the admin fills in.
        return {
            name
            for name in super()._get_validation_exclusions()
            if name in self.fields or name in self.admin_fills
        }

    def _update_errors(self, errors):
        # Errors on fields the form does not show (read-only ones a revert restored) are
        # reported on the form as a whole, with the field's name.
        if hasattr(errors, "error_dict"):
            shown, hidden = {}, []
            for name, messages in errors.error_dict.items():
                if name == NON_FIELD_ERRORS or name in self.fields:
                    shown[name] = messages
                else:
                    label = capfirst(self.instance._meta.get_field(name).verbose_name)
                    hidden += [f"{label}: {m}" for e in messages for m in e.messages]
            if hidden:
                shown.setdefault(NON_FIELD_ERRORS, []).extend(ValidationError(hidden).error_list)
            errors = ValidationError(shown)
        super()._update_errors(errors)

    def _post_clean(self):
        super()._post_clean()
        if not self.errors and self.admin_validator is not None:
            try:
                type(self).admin_validator(data={}, instance=self.instance)
            except ValidationError as exc:
                self._update_errors(exc)
        path = getattr(self.instance.__class__._default_manager.all(), "region_field", None)
        user = self.admin_request.user
        if not self.errors and path and not in_jurisdiction(user, self.instance, path):
            self.add_error(None, OUTSIDE_JURISDICTION)


def _form_values(obj, form, names=None) -> dict:
    """The record's fields the form set (the changed ones for an update), as a service's data:
    related records whole, many-to-many left to the admin (saved after the record)."""
    names = form.fields if names is None else names
    fields = {f.name: f for f in obj._meta.concrete_fields}
    return {name: getattr(obj, name) for name in names if name in fields}


def in_jurisdiction(user, obj, path: str) -> bool:
    region = getattr(user, "jurisdiction", None)
    region_id = record_region_id(obj, path)
    if region is None or region_id is None:
        return False
    low, high = subtree_ids(region.code)
    return low <= region_id <= high


class ScopedAdmin(admin.ModelAdmin):
    """Admin pages see exactly what `visible_to(user)` allows, like every other surface."""

    region_fields: tuple[str, ...] = ("region",)
    # Fields save_model sets itself (e.g. who confirmed): not validated on the form.
    filled_on_save: tuple[str, ...] = ()
    # The app's services, where it has them: `create_service(actor=, data=)`,
    # `update_service(actor=, <service_arg>=record, data=)` and `validator(data=, instance=)`
    # (declare them with staticmethod). Without them a save is the model's full_clean + save.
    create_service = None
    update_service = None
    service_arg = "instance"
    validator = None

    def get_queryset(self, request):
        return self.model._default_manager.visible_to(request.user)

    # -- the one object look-up ------------------------------------------------------

    def get_urls(self):
        """Every URL that names a record (its first captured value) is guarded."""
        guarded = []
        for pattern in super().get_urls():
            if isinstance(pattern, URLPattern) and pattern.pattern.regex.groups:
                pattern = URLPattern(
                    pattern.pattern,
                    self._guard(pattern.callback),
                    pattern.default_args,
                    pattern.name,
                )
            guarded.append(pattern)
        return guarded

    def _guard(self, view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            # Not logged in to the admin: the view itself sends to the login page.
            if self.admin_site.has_permission(request):
                object_id = args[0] if args else next(iter(kwargs.values()))
                self.get_object_or_404(request, unquote(object_id))
            return view(request, *args, **kwargs)

        return guarded

    def get_object_or_404(self, request, object_id):
        if not self.has_view_or_change_permission(request):
            raise Http404
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        return obj

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index with "does not exist"; a missing record and one
        # outside the jurisdiction are both plainly not found.
        raise Http404

    # -- saves --------------------------------------------------------------------------

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.region_fields and request.user.jurisdiction is not None:
            kwargs["queryset"] = Region.objects.subtree(request.user.jurisdiction.code)
        elif hasattr(db_field.related_model._default_manager, "visible_to"):
            kwargs["queryset"] = db_field.related_model._default_manager.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not issubclass(form, forms.ModelForm):
            return form
        return type(
            form.__name__,
            (JurisdictionFormMixin, form),
            {
                "admin_request": request,
                "admin_fills": frozenset(self.filled_on_save),
                "admin_validator": self.validator,
            },
        )

    def save_model(self, request, obj, form, change):
        if change and self.update_service is not None:
            data = _form_values(obj, form, form.changed_data)
            self.update_service(actor=request.user, data=data, **{self.service_arg: obj})
        elif not change and self.create_service is not None:
            saved = self.create_service(actor=request.user, data=_form_values(obj, form))
            # The admin goes on with its own object (related rows, the log, the redirect).
            for field in obj._meta.concrete_fields:
                setattr(obj, field.attname, getattr(saved, field.attname))
            obj._state.adding, obj._state.db = False, saved._state.db
        else:
            obj._history_user = request.user
            obj.full_clean()
            super().save_model(request, obj, form, change)


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """ScopedAdmin with django-simple-history's history pages and revert.

    The history pages go through the one object look-up (`ScopedAdmin.get_urls`); a revert
    is a change: it needs the right to change the record and passes the same checks.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object_or_404(request, unquote(object_id))
        if request.method == "POST" and not self.has_change_permission(request, obj):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdminMixin:
    """Records the back office may look at but never add, change or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
