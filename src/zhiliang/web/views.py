from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhiliang.enterprises import selectors as enterprise_selectors
from zhiliang.web.forms import LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@login_required
def home(request):
    user = request.user
    context = {"scope": user.jurisdiction}
    if user.has_perm("enterprises.view_enterprise"):
        by_region = enterprise_selectors.enterprise_counts_by_child_region(user=user)
        by_section = enterprise_selectors.enterprise_counts_by_section(user=user)
        context.update(
            by_region=by_region,
            by_section=by_section,
            total=sum(r["count"] for r in by_region),
            charts={"regions": by_region, "sections": by_section},
        )
    return render(request, "web/home.html", context)
