from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhiliang.core import accounts, selectors
from zhiliang.core.models import ApiToken
from zhiliang.core.views import PageView
from zhiliang.enterprises import selectors as enterprise_selectors
from zhiliang.web import home as home_page
from zhiliang.web.forms import LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class Home(PageView):
    login_only = True  # everyone's start page; each panel checks its own right
    template_name = "web/home.html"

    def get_extra_context(self, **kwargs):
        user = self.request.user
        context = {"scope": user.jurisdiction, "panels": home_page.home_panels(user)}
        if user.has_perm("enterprises.view_enterprise"):
            by_region, by_section = enterprise_selectors.enterprise_home_counts(user=user)
            context.update(
                by_region=by_region,
                by_section=by_section,
                total=sum(r["count"] for r in by_region),
                charts={"regions": by_region, "sections": by_section},
            )
        return context


@login_required
def password_change(request):
    """Your own password; after a reset, the only page that opens until it is changed."""
    # Not ServiceFormView: the form is about the user's own account (no record of the
    # jurisdiction) and the session must be renewed after the change.
    user = request.user
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.user_password_change(
                user=user, password=form.cleaned_data["new_password1"], request=request
            )
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password has been changed."))
            return redirect("home")
    reset = selectors.password_reset_last_approved(user=user) if user.must_change_password else None
    return render(request, "web/password_change.html", {"form": form, "reset": reset})


@login_required
def api_tokens(request):
    """Your API tokens: create one (its key is shown once), see when each was used, revoke."""
    # Not a base: one page with two posts about the user's own tokens, and the new key is
    # shown once on the page itself, never redirected to.
    user = request.user
    key = None
    if request.method == "POST":
        if "revoke" in request.POST:
            try:
                accounts.api_token_revoke(
                    actor=user, token_id=request.POST["revoke"], request=request
                )
            except (ApiToken.DoesNotExist, ValueError):
                raise Http404 from None
            messages.success(request, _("The token has been revoked."))
            return redirect("api_tokens")
        _token, key = accounts.api_token_create(
            user=user, name=request.POST.get("name", "")[:64], request=request
        )
    context = {
        "tokens": selectors.api_tokens_of(user=user),
        "key": key,
        "idle_days": settings.ZHILIANG_TOKEN_IDLE_DAYS,
    }
    return render(request, "web/api_tokens.html", context)
