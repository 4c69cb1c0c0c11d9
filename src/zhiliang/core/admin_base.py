from django.contrib import admin

from zhiliang.core.models import Region


class ScopedAdmin(admin.ModelAdmin):
    """Admin pages see exactly what `visible_to(user)` allows, like every other surface."""

    region_fields: tuple[str, ...] = ("region",)

    def get_queryset(self, request):
        return self.model._default_manager.visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.region_fields and request.user.jurisdiction is not None:
            kwargs["queryset"] = Region.objects.subtree(request.user.jurisdiction.code)
        elif hasattr(db_field.related_model._default_manager, "visible_to"):
            kwargs["queryset"] = db_field.related_model._default_manager.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


class ReadOnlyAdminMixin:
    """Records the back office may look at but never add, change or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
