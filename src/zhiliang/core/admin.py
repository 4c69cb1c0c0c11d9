from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from zhiliang.core import services
from zhiliang.core.admin_base import ReadOnlyAdminMixin, ScopedAdmin, ScopedHistoryAdmin
from zhiliang.core.models import Organization, Region, SecurityEvent, User
from zhiliang.core.roles import Role


@admin.register(Region)
class RegionAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(Organization)
class OrganizationAdmin(ScopedHistoryAdmin):
    list_display = ["name", "kind", "region", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    raw_id_fields = ["region"]

    def has_delete_permission(self, request, obj=None):
        return False


class RolesForm(UserChangeForm):
    roles = forms.MultipleChoiceField(
        label=_("roles"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    """Accounts: the system administrator keeps them, the security administrator grants roles."""

    form = RolesForm
    list_display = [
        "username",
        "full_name",
        "organization",
        "role_list",
        "is_active",
        "locked_until",
    ]
    list_filter = ["is_active"]
    search_fields = ["username", "full_name"]
    add_fieldsets = [(None, {"fields": ["username", "organization", "password1", "password2"]})]
    region_fields = ()
    actions = ["unlock"]
    PERSON = ["username", "full_name", "phone", "email", "organization", "is_active"]

    @admin.display(description=_("roles"))
    def role_list(self, obj):
        return "、".join(str(Role(r).label) for r in sorted(obj.role_codes))

    @admin.action(description=_("Unlock the selected accounts"), permissions=["unlock"])
    def unlock(self, request, queryset):
        for user in queryset:
            services.user_unlock(actor=request.user, user=user, request=request)
        self.message_user(request, _("%(n)d accounts unlocked.") % {"n": queryset.count()})

    def has_unlock_permission(self, request):
        return request.user.has_perm("core.unlock_user")

    def has_change_permission(self, request, obj=None):
        # The security administrator opens accounts to grant roles, and changes nothing else.
        return request.user.has_perm("core.change_user") or request.user.has_perm(
            "core.assign_roles"
        )

    def _assigns_roles(self, request, obj) -> bool:
        return request.user.has_perm("core.assign_roles") and obj != request.user

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        access = ["is_active", "roles" if self._assigns_roles(request, obj) else "role_list"]
        # The password (and its reset link) is the system administrator's business only.
        login = (
            ["username", "password"] if request.user.has_perm("core.change_user") else ["username"]
        )
        return [
            (None, {"fields": login}),
            (_("Person"), {"fields": ["full_name", "phone", "email", "organization"]}),
            (_("Access"), {"fields": [*access, "locked_until"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = ["locked_until", "role_list"]
        if not request.user.has_perm("core.change_user"):
            fields += self.PERSON
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "roles" in form.base_fields:
            form.base_fields["roles"].initial = sorted(obj.role_codes)
        return form

    def user_change_password(self, request, id, form_url=""):
        if not request.user.has_perm("core.change_user"):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        if request.user.has_perm("core.change_user") or not change:
            super().save_model(request, obj, form, change)
        if "roles" in form.cleaned_data and self._assigns_roles(request, obj):
            services.user_set_roles(
                actor=request.user, user=obj, roles=form.cleaned_data["roles"], request=request
            )

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = ["at", "kind", "username", "actor", "ip"]
    list_filter = ["kind"]
    search_fields = ["username"]
    date_hierarchy = "at"
