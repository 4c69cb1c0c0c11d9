from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from zhiliang.core import services
from zhiliang.core.admin_base import ScopedAdmin
from zhiliang.core.models import Organization, Region, SecurityEvent, User
from zhiliang.core.roles import Role


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "region", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    raw_id_fields = ["region"]

    def has_delete_permission(self, request, obj=None):
        return False


class RolesForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("roles"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    form = RolesForm
    list_display = ["username", "full_name", "organization", "is_active", "locked_until"]
    list_filter = ["is_active"]
    search_fields = ["username", "full_name"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["full_name", "phone", "email", "organization"]}),
        (_("Access"), {"fields": ["is_active", "roles", "locked_until"]}),
    ]
    add_fieldsets = [(None, {"fields": ["username", "organization", "password1", "password2"]})]
    readonly_fields = ["locked_until"]
    region_fields = ()
    actions = ["unlock"]

    @admin.action(description=_("Unlock the selected accounts"), permissions=["unlock"])
    def unlock(self, request, queryset):
        for user in queryset:
            services.user_unlock(actor=request.user, user=user, request=request)
        self.message_user(request, _("%(n)d accounts unlocked.") % {"n": queryset.count()})

    def has_unlock_permission(self, request):
        return request.user.has_perm("core.unlock_user")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("core.assign_roles") or obj == request.user:
            fields.append("roles")
        if not request.user.has_perm("core.change_user"):
            fields += ["username", "full_name", "phone", "email", "organization", "is_active"]
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "roles" in form.base_fields:
            form.base_fields["roles"].initial = sorted(obj.role_codes)
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "roles" in form.cleaned_data and request.user.has_perm("core.assign_roles"):
            services.user_set_roles(
                actor=request.user, user=obj, roles=form.cleaned_data["roles"], request=request
            )

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "username", "actor", "ip"]
    list_filter = ["kind"]
    search_fields = ["username"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        return SecurityEvent.objects.visible_to(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
