from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhiliang.core import accounts, services
from zhiliang.core.admin_base import ReadOnlyAdminMixin, ScopedAdmin, ScopedHistoryAdmin
from zhiliang.core.models import Organization, PasswordReset, Region, SecurityEvent, User
from zhiliang.core.roles import Role


@admin.register(Region)
class RegionAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(Organization)
class OrganizationAdmin(ScopedHistoryAdmin):
    list_display = ["name", "kind", "region", "parent", "regulates_market", "is_active"]
    list_filter = ["kind", "regulates_market", "is_active"]
    search_fields = ["name", "short_name"]
    raw_id_fields = ["region"]

    def has_delete_permission(self, request, obj=None):
        return False


class RolesForm(UserChangeForm):
    roles = forms.MultipleChoiceField(
        label=_("roles"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class UserAddForm(forms.ModelForm):
    """A new account has no password: its first one is a reset, approved like any other."""

    class Meta:
        model = User
        fields = ["username", "organization"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.set_unusable_password()


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
    add_form = UserAddForm
    add_fieldsets = [(None, {"fields": ["username", "organization"]})]
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
            (_("Access"), {"fields": [*access, "locked_until", "must_change_password"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = ["locked_until", "role_list", "must_change_password"]
        if not request.user.has_perm("core.change_user"):
            fields += self.PERSON
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "roles" in form.base_fields:
            form.base_fields["roles"].initial = sorted(obj.role_codes)
        return form

    def user_change_password(self, request, id, form_url=""):
        """Replaces Django's set-a-password form: the system administrator only asks for a
        reset, which another administrator role approves (see core/accounts.py)."""
        if not request.user.has_perm("core.add_passwordreset"):
            raise PermissionDenied
        user = self.get_object(request, unquote(id))
        if user is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, id)
        if request.method == "POST":
            try:
                accounts.password_reset_request(actor=request.user, user=user, request=request)
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                role = Role(accounts.reset_approver_role(user)).label
                self.message_user(
                    request,
                    _("The reset has been asked for: a %(role)s must approve it.") % {"role": role},
                    messages.SUCCESS,
                )
            return redirect(reverse("admin:core_user_change", args=[user.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": user,
            "title": _("Reset the password of %(user)s") % {"user": user.username},
            "approver": Role(accounts.reset_approver_role(user)).label,
            "pending": user.password_resets.filter(status=PasswordReset.Status.PENDING).first(),
        }
        return TemplateResponse(request, "admin/core/user/reset_request.html", context)

    def save_model(self, request, obj, form, change):
        if request.user.has_perm("core.change_user") or not change:
            super().save_model(request, obj, form, change)
            if change and "is_active" in form.changed_data and not obj.is_active:
                accounts.api_tokens_revoke_all(
                    user=obj, reason="deactivated", actor=request.user, request=request
                )
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


@admin.register(PasswordReset)
class PasswordResetAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    """Pending resets, approved or refused by the role `accounts.reset_approver_role` names."""

    list_display = ["user", "requested_by", "requested_at", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["user", "requested_by", "decided_by"]
    actions = ["approve", "refuse"]
    region_fields = ()

    def has_approve_permission(self, request):
        return request.user.has_perm("core.approve_passwordreset")

    has_refuse_permission = has_approve_permission

    def _decide(self, request, queryset, decide):
        done = []
        for reset in queryset:
            try:
                done.append((reset, decide(actor=request.user, reset=reset, request=request)))
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(
                    request, f"{reset.user.username}: {' '.join(exc.messages)}", messages.ERROR
                )
        return done

    @admin.action(description=_("Approve the selected resets"), permissions=["approve"])
    def approve(self, request, queryset):
        done = self._decide(request, queryset, accounts.password_reset_approve)
        if not done:
            return None
        # The one-time passwords are shown on this answer only: they are stored nowhere.
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("One-time passwords"),
            "done": [(reset.user, password) for reset, password in done],
        }
        # The admin marks its answers no-store: the page is not kept by the browser.
        return TemplateResponse(request, "admin/core/passwordreset/approved.html", context)

    @admin.action(description=_("Refuse the selected resets"), permissions=["approve"])
    def refuse(self, request, queryset):
        done = self._decide(request, queryset, accounts.password_reset_refuse)
        if done:
            self.message_user(request, _("%(n)d resets refused.") % {"n": len(done)})
